/**
 * One `model_list` entry as config.json spells it (snake_case). Every field but the two names is
 * optional, so both raw JSON and the validated config object fit.
 */

/** A `model_list[]` entry. */
export interface ModelEntry {
  readonly model_name: string;
  readonly model: string;
  readonly provider?: string | undefined;
  readonly api_base?: string | undefined;
  /** Several keys are failover keys: each becomes its own candidate, in order. */
  readonly api_keys?: readonly string[] | undefined;
  readonly fallbacks?: readonly string[] | undefined;
  readonly rpm?: number | undefined;
  readonly max_tokens_field?: string | undefined;
  /** Seconds; 0 or absent means 120. */
  readonly request_timeout?: number | undefined;
  readonly streaming?: { readonly enabled?: boolean | undefined } | undefined;
  readonly extra_body?: Readonly<Record<string, unknown>> | undefined;
  readonly custom_headers?: Readonly<Record<string, string>> | undefined;
  /** Only an explicit false disables the entry. */
  readonly enabled?: boolean | undefined;
  readonly user_agent?: string | undefined;
}

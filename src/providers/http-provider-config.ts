/** Settings shared by the HTTP provider adapters, derived from one model_list entry. */

/** How to reach one model over HTTP. */
export interface HttpProviderConfig {
  /** Canonical provider id (`openai`, `groq`, `anthropic`, …). */
  providerName: string;
  /** Model id as sent on the wire. */
  model: string;
  apiBase: string;
  apiKey?: string | undefined;
  maxTokensField?: string | undefined;
  extraBody?: Readonly<Record<string, unknown>> | undefined;
  customHeaders?: Readonly<Record<string, string>> | undefined;
  userAgent?: string | undefined;
  /** Deadline per request; default 120 s. */
  requestTimeoutMs?: number | undefined;
  /** Allowed silence between stream reads; default 5 min. */
  streamIdleMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/** Default User-Agent, as PicoClaw sends `PicoClaw/<version>`. */
export const DEFAULT_USER_AGENT = "PicoClaw-Bun";

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** Headers common to both wire APIs; custom headers are applied last and win. */
export function baseHeaders(config: HttpProviderConfig, streaming: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": config.userAgent || DEFAULT_USER_AGENT,
  };
  if (streaming) headers["accept"] = "text/event-stream";
  return headers;
}

/** Adds the user's custom headers (blank names skipped). */
export function withCustomHeaders(
  headers: Record<string, string>,
  config: HttpProviderConfig,
): Record<string, string> {
  for (const [name, value] of Object.entries(config.customHeaders ?? {})) {
    if (name.trim() !== "") headers[name.toLowerCase()] = value;
  }
  return headers;
}

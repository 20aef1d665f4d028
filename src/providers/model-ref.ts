/**
 * `provider/model` references. Only the first `/` splits, and only when the prefix names a known
 * provider, so `openrouter/openai/gpt-5.4` sends `openai/gpt-5.4` and `meta-llama/x` stays whole.
 */
import { lookupProvider } from "./provider-catalog.ts";

/** A parsed model reference. */
export interface ModelRef {
  provider: string;
  model: string;
}

/** Canonical provider id for an id or alias (`gpt`→`openai`, `z.ai`→`zai`); unknown names are lower-cased. */
export function normalizeProvider(provider: string): string {
  const lower = provider.trim().toLowerCase();
  if (lower === "") return "";
  return lookupProvider(lower)?.id ?? lower;
}

/** The dedup key of a candidate: normalized provider plus lower-cased model. */
export function modelKey(provider: string, model: string): string {
  return `${normalizeProvider(provider)}/${model.trim().toLowerCase()}`;
}

/**
 * Splits `raw` into provider and model id. A known prefix wins; an unknown one stays part of the
 * model id and `defaultProvider` applies. Returns ["", ""] for blank input.
 */
export function splitModelProviderAndId(raw: string, defaultProvider: string): [string, string] {
  const text = raw.trim();
  if (text === "") return ["", ""];
  const slash = text.indexOf("/");
  if (slash >= 0) {
    const prefix = text.slice(0, slash).trim();
    const rest = text.slice(slash + 1).trim();
    if (prefix === "") return ["", rest];
    if (lookupProvider(prefix)) return [normalizeProvider(prefix), rest];
  }
  return [normalizeProvider(defaultProvider), text];
}

/** Parses `anthropic/claude-opus`; null for blank input or an empty model after the slash. */
export function parseModelRef(raw: string, defaultProvider: string): ModelRef | null {
  const [provider, model] = splitModelProviderAndId(raw, defaultProvider);
  return model === "" ? null : { provider, model };
}

/**
 * Provider and model id of a model_list entry: an explicit `provider` wins and `model` is sent as
 * written; otherwise the prefix of `model` decides, and plain names mean OpenAI.
 */
export function extractProtocol(entry: { provider?: string | undefined; model: string }): ModelRef {
  const model = entry.model.trim();
  const provider = entry.provider?.trim() ?? "";
  if (provider !== "") return { provider: normalizeProvider(provider), model };
  const [inferred, id] = splitModelProviderAndId(model, "openai");
  return { provider: inferred, model: id };
}

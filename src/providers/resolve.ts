/**
 * Resolves a `model_name` alias into the ordered candidates the fallback chain tries: the entries
 * with that name (rotated per call when several share it, for load balancing), one candidate per
 * API key, then the entries' own `fallbacks`, then `agents.defaults.model_fallbacks`.
 */
import { createHash } from "node:crypto";
import { createLogger } from "../lib/logger.ts";
import type { ModelEntry } from "./model-entry.ts";
import { extractProtocol, modelKey, parseModelRef } from "./model-ref.ts";
import { lookupProvider, type WireApi } from "./provider-catalog.ts";

const log = createLogger("providers");

/** One concrete endpoint + model + key the chain may call. */
export interface Candidate {
  /** Identity for dedup, cooldown and RPM: provider/model, endpoint and key (hashed, never logged raw). */
  key: string;
  /** The alias that produced it (`model_name`), or the raw ref. */
  modelName: string;
  provider: string;
  model: string;
  wire: WireApi;
  apiBase: string;
  apiKey: string;
  rpm: number;
  requestTimeoutMs: number;
  streaming: boolean;
  entry: ModelEntry;
}

/** A short, non-reversible tag of a key, so several keys of one model cool down separately (runs on Node too). */
function keyTag(apiKey: string): string {
  return apiKey === "" ? "nokey" : createHash("sha256").update(apiKey).digest("hex").slice(0, 12);
}

// Model entries are not changed after the config is loaded, so each entry's candidates (a sha256 per key)
// and each list's entries per name are built once, not on every model call.
const builtCandidates = new WeakMap<ModelEntry, Map<string, readonly Candidate[]>>();
const builtEntries = new WeakMap<readonly ModelEntry[], Map<string, readonly ModelEntry[]>>();
/** Names looked up per list are few (aliases and fallbacks); a stray caller cannot grow the memo past this. */
const MEMO_NAMES = 64;

function memo<K extends object, V>(
  table: WeakMap<K, Map<string, V>>,
  owner: K,
  name: string,
  build: () => V,
): V {
  let byName = table.get(owner);
  if (!byName) {
    byName = new Map();
    table.set(owner, byName);
  }
  const known = byName.get(name);
  if (known !== undefined) return known;
  const value = build();
  if (byName.size < MEMO_NAMES) byName.set(name, value);
  return value;
}

function candidatesOf(entry: ModelEntry, modelName: string): readonly Candidate[] {
  return memo(builtCandidates, entry, modelName, () => buildCandidates(entry, modelName));
}

function buildCandidates(entry: ModelEntry, modelName: string): Candidate[] {
  const { provider, model } = extractProtocol(entry);
  const info = lookupProvider(provider);
  const wire: WireApi = info?.wire ?? "openai";
  const apiBase = (entry.api_base?.trim() || info?.defaultApiBase || "").replace(/\/+$/, "");
  if (model === "" || wire === "none" || apiBase === "") {
    log.warn("model entry cannot be called; skipped", { modelName, provider, reason: "no HTTP endpoint" });
    return [];
  }
  const keys = (entry.api_keys ?? []).map((k) => k.trim()).filter((k) => k !== "" && k !== "[NOT_HERE]");
  return (keys.length > 0 ? keys : [""]).map((apiKey) => ({
    key: `${modelKey(provider, model)}@${apiBase}#${keyTag(apiKey)}`,
    modelName,
    provider,
    model,
    wire,
    apiBase,
    apiKey,
    rpm: entry.rpm ?? 0,
    requestTimeoutMs: (entry.request_timeout ?? 0) > 0 ? (entry.request_timeout ?? 0) * 1000 : 120_000,
    streaming: entry.streaming?.enabled === true,
    entry,
  }));
}

function entriesFor(modelList: readonly ModelEntry[], raw: string): readonly ModelEntry[] {
  return memo(builtEntries, modelList, raw, () => findEntries(modelList, raw));
}

/** Entries answering to `raw`: by alias first, else by `provider/model` or bare model id. */
function findEntries(modelList: readonly ModelEntry[], raw: string): ModelEntry[] {
  const enabled = modelList.filter((e) => e.enabled !== false);
  const byName = enabled.filter((e) => e.model_name === raw);
  if (byName.length > 0) return byName;
  const ref = parseModelRef(raw, "openai");
  const wanted = ref ? modelKey(ref.provider, ref.model) : "";
  const byModel = enabled.filter((e) => {
    const p = extractProtocol(e);
    return e.model.trim() === raw || p.model === raw || modelKey(p.provider, p.model) === wanted;
  });
  if (byModel.length > 0) return byModel.slice(0, 1);
  // A bare ref with no entry still works for keyless local servers (`ollama/llama3.2`).
  if (ref && lookupProvider(ref.provider)?.local)
    return [{ model_name: raw, provider: ref.provider, model: ref.model }];
  log.warn("model not found in model_list", { model: raw });
  return [];
}

/** Options for one resolution. */
export interface ResolveOptions {
  /** `agents.defaults.model_fallbacks` (aliases or refs), tried after the entries' own fallbacks. */
  fallbacks?: readonly string[] | undefined;
  /** Rotation counter for entries sharing the primary alias (round-robin load balancing). */
  turn?: number | undefined;
}

/** The deduplicated, ordered candidates for `modelName`. */
export function resolveCandidates(
  modelList: readonly ModelEntry[],
  modelName: string,
  options: ResolveOptions = {},
): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (raw: string, rotate: number) => {
    const name = raw.trim();
    if (name === "") return [];
    const entries = entriesFor(modelList, name);
    const shift = entries.length > 0 ? rotate % entries.length : 0;
    const ordered = [...entries.slice(shift), ...entries.slice(0, shift)];
    for (const candidate of ordered.flatMap((entry) => candidatesOf(entry, name))) {
      if (seen.has(candidate.key)) continue;
      seen.add(candidate.key);
      out.push(candidate);
    }
    return entries;
  };
  const primary = add(modelName, options.turn ?? 0);
  for (const fallback of primary.flatMap((entry) => entry.fallbacks ?? [])) add(fallback, 0);
  for (const fallback of options.fallbacks ?? []) add(fallback, 0);
  return out;
}

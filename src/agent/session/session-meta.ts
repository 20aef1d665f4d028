/**
 * The `<file>.meta.json` beside each session log: summary, the logical-truncation offset `skip`
 * (in raw lines), the line `count`, and the scope/aliases. On disk it keeps PicoClaw's snake_case keys.
 */
import type { SessionScope } from "../routing/session-key.ts";

/** Metadata of one session. `skip` and `count` count non-empty raw lines of the JSONL file. */
export interface SessionMeta {
  key: string;
  summary: string;
  skip: number;
  count: number;
  createdAt: string;
  updatedAt: string;
  scope?: SessionScope | undefined;
  aliases?: string[] | undefined;
}

const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The meta of a session that has never been written. */
export function emptyMeta(key: string): SessionMeta {
  return { key, summary: "", skip: 0, count: 0, createdAt: ZERO_TIME, updatedAt: ZERO_TIME };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function parseScope(raw: unknown): SessionScope | undefined {
  const scope = record(raw);
  if (!scope) return undefined;
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(scope["values"]) ?? {}))
    if (typeof v === "string") values[k] = v;
  return {
    version: 1,
    agentId: text(scope["agent_id"]),
    channel: text(scope["channel"]),
    account: text(scope["account"]),
    dimensions: strings(scope["dimensions"]),
    values,
  };
}

/** Parses a meta file's JSON text; a corrupt file reads as empty meta rather than failing the session. */
export function parseMeta(key: string, json: string): SessionMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return emptyMeta(key);
  }
  const meta = record(raw);
  if (!meta) return emptyMeta(key);
  const parsed: SessionMeta = {
    key: text(meta["key"]) || key,
    summary: text(meta["summary"]),
    skip: count(meta["skip"]),
    count: count(meta["count"]),
    createdAt: text(meta["created_at"], ZERO_TIME),
    updatedAt: text(meta["updated_at"], ZERO_TIME),
  };
  const scope = parseScope(meta["scope"]);
  if (scope) parsed.scope = scope;
  const aliases = strings(meta["aliases"]);
  if (aliases.length > 0) parsed.aliases = aliases;
  return parsed;
}

/** Serialises meta in PicoClaw's on-disk shape. */
export function serializeMeta(meta: SessionMeta): string {
  const out: Record<string, unknown> = {
    key: meta.key,
    summary: meta.summary,
    skip: meta.skip,
    count: meta.count,
    created_at: meta.createdAt,
    updated_at: meta.updatedAt,
  };
  if (meta.scope) {
    const s = meta.scope;
    out["scope"] = {
      version: s.version,
      agent_id: s.agentId,
      channel: s.channel,
      account: s.account,
      dimensions: s.dimensions,
      values: s.values,
    };
  }
  if (meta.aliases?.length) out["aliases"] = meta.aliases;
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** True when a meta has never been written (Go's zero time). */
export function isNewMeta(meta: SessionMeta): boolean {
  return meta.createdAt === ZERO_TIME;
}

/** A deep copy (cheaper than structuredClone, which dominated a per-message profile). */
export function cloneMeta(meta: SessionMeta): SessionMeta {
  const copy: SessionMeta = { ...meta };
  if (meta.scope)
    copy.scope = { ...meta.scope, dimensions: [...meta.scope.dimensions], values: { ...meta.scope.values } };
  if (meta.aliases) copy.aliases = [...meta.aliases];
  return copy;
}

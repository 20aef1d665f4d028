/**
 * Session keys: `sk_v1_` + SHA-256 hex of a lowercased alias or scope signature, so a key never leaks
 * chat ids into file names. Legacy `agent:<id>:…` keys are still accepted as explicit keys (pkg/session key.go).
 */
import { createHash } from "node:crypto";
import { normalizeAccountId, normalizeAgentId } from "./normalize-id.ts";

const OPAQUE_PREFIX = "sk_v1_";
const LEGACY_PREFIX = "agent:";

/** The partition a session belongs to; stored in the meta file as `scope` (snake_case on disk). */
export interface SessionScope {
  version: 1;
  agentId: string;
  channel: string;
  account: string;
  dimensions: string[];
  values: Record<string, string>;
}

/** Recent keys by alias: every message hashes its scope and main alias, mostly the same few chats. */
const KEY_CACHE = 512;
const keyCache = new Map<string, string>();

/** `sk_v1_<sha256 hex>` of the trimmed, lowercased alias; "" for an empty alias. */
export function buildOpaqueSessionKey(alias: string): string {
  const normalized = alias.toLowerCase().trim();
  if (normalized === "") return "";
  const cached = keyCache.get(normalized);
  if (cached !== undefined) return cached;
  const key = OPAQUE_PREFIX + createHash("sha256").update(normalized).digest("hex");
  if (keyCache.size >= KEY_CACHE) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
  keyCache.set(normalized, key);
  return key;
}

/** True for `sk_v1_…` keys (case-insensitive, trimmed). */
export function isOpaqueSessionKey(key: string): boolean {
  return key.trim().toLowerCase().startsWith(OPAQUE_PREFIX);
}

/** True for keys a caller may pass verbatim: opaque keys and legacy `agent:` keys. */
export function isExplicitSessionKey(key: string): boolean {
  return isOpaqueSessionKey(key) || key.trim().toLowerCase().startsWith(LEGACY_PREFIX);
}

/** Splits `agent:<id>:<rest>`; undefined when the key is not of that form. */
export function parseLegacyAgentSessionKey(key: string): { agentId: string; rest: string } | undefined {
  const raw = key.trim();
  const first = raw.indexOf(":");
  const second = raw.indexOf(":", first + 1);
  if (first < 0 || second < 0 || raw.slice(0, first) !== "agent") return undefined;
  const agentId = raw.slice(first + 1, second).trim();
  const rest = raw.slice(second + 1);
  return agentId === "" || rest === "" ? undefined : { agentId, rest };
}

/** The agent a session belongs to: from its stored scope, else from a legacy key; "" when unknown. */
export function resolveSessionAgentId(scope: SessionScope | undefined, key: string): string {
  if (scope && scope.agentId.trim() !== "") return normalizeAgentId(scope.agentId);
  const parsed = parseLegacyAgentSessionKey(key);
  return parsed ? normalizeAgentId(parsed.agentId) : "";
}

/** `agent:<id>:main`, the legacy alias of an agent's shared main session. */
export function buildLegacyMainAlias(agentId: string): string {
  return `agent:${normalizeAgentId(agentId)}:main`;
}

/** The opaque key of an agent's main session. */
export function buildMainSessionKey(agentId: string): string {
  return buildOpaqueSessionKey(buildLegacyMainAlias(agentId));
}

function legacyChannel(channel: string): string {
  return channel.trim().toLowerCase() || "unknown";
}

/** The three legacy aliases of a direct chat, kept in the meta file for migration. */
export function buildLegacyDirectAliases(
  agentId: string,
  channel: string,
  account: string,
  peerId: string,
): string[] {
  const agent = normalizeAgentId(agentId);
  const ch = legacyChannel(channel);
  const acct = normalizeAccountId(account);
  const peer = peerId.trim().toLowerCase();
  if (peer === "") return [];
  return [
    `agent:${agent}:direct:${peer}`,
    `agent:${agent}:${ch}:direct:${peer}`,
    `agent:${agent}:${ch}:${acct}:direct:${peer}`,
  ];
}

/** The legacy alias of a group or channel chat: `agent:<agent>:<channel>:<kind>:<peer>`. */
export function buildLegacyPeerAlias(
  agentId: string,
  channel: string,
  peerKind: string,
  peerId: string,
): string {
  const kind = peerKind.trim().toLowerCase() || "unknown";
  const peer = peerId.trim().toLowerCase() || "unknown";
  return `agent:${normalizeAgentId(agentId)}:${legacyChannel(channel)}:${kind}:${peer}`;
}

/** The stable text a scope hashes to: `v=1|agent=…|channel=…|account=…|<dim>=<value>…`. */
export function scopeSignature(scope: SessionScope): string {
  const parts = [
    `v=${scope.version}`,
    `agent=${scope.agentId.toLowerCase().trim()}`,
    `channel=${scope.channel.toLowerCase().trim()}`,
    `account=${scope.account.toLowerCase().trim()}`,
  ];
  for (const raw of scope.dimensions) {
    const dimension = raw.toLowerCase().trim();
    if (dimension === "") continue;
    parts.push(`${dimension}=${(scope.values[dimension] ?? "").toLowerCase().trim()}`);
  }
  return parts.join("|");
}

/** The opaque key of a scope. */
export function sessionKeyForScope(scope: SessionScope): string {
  return buildOpaqueSessionKey(scopeSignature(scope));
}

/** The file stem of a session: `:`, `/` and `\` become `_` so keys never make subdirectories. */
export function sessionFileStem(key: string): string {
  return key.replace(/[:/\\]/g, "_");
}

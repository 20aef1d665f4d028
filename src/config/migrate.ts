/**
 * In-memory migration of config versions 0–2 to version 3, on the raw JSON object. The file on
 * disk is never rewritten (Go saves the migrated file and a backup; we leave the user's file alone).
 * Facts from PicoClaw's pkg/config/migration.go: v1→v2 moves `mention_only` into `group_trigger`
 * and `api_key` into `api_keys`; v2→v3 renames `channels` to `channel_list`, sets `type` to the
 * key, moves flat channel fields under `settings`, and renames `agents.defaults.model`.
 */
import type { ConfigIssue } from "./issues.ts";

type Obj = Record<string, unknown>;

/** Fields that stay on a channel entry; everything else moves under `settings` (Go BaseFieldNames). */
const BASE_CHANNEL_FIELDS = new Set([
  "enabled",
  "type",
  "allow_from",
  "reasoning_channel_id",
  "group_trigger",
  "typing",
  "placeholder",
]);

/** The outcome: the version read from the file and any problems migration could not solve. */
export interface MigrationResult {
  fromVersion: number;
  issues: ConfigIssue[];
  warnings: string[];
}

/** Upgrades `raw` in place to version 3. A missing version counts as 0, as in Go. */
export function migrateConfig(raw: Obj): MigrationResult {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const version = raw["version"] ?? 0;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0 || version > 3) {
    issues.push({ path: "version", message: `expected 0, 1, 2 or 3 (found ${JSON.stringify(version)})` });
    return { fromVersion: -1, issues, warnings };
  }
  if (version === 3) return { fromVersion: 3, issues, warnings };
  if (version === 0 && raw["providers"] !== undefined && raw["model_list"] === undefined) {
    issues.push({
      path: "providers",
      message: 'the version 0 "providers" section is not migrated; list your models under "model_list"',
    });
  }
  delete raw["providers"];
  if (raw["bindings"] !== undefined) {
    warnings.push('legacy "bindings" were dropped; use agents.dispatch.rules instead');
    delete raw["bindings"];
  }
  renameAgentModel(raw);
  mergeApiKeys(raw);
  const channels = raw["channels"];
  delete raw["channels"];
  if (isObj(channels)) {
    for (const [name, entry] of Object.entries(channels)) {
      if (isObj(entry)) channels[name] = flattenChannel(name, entry, version);
    }
    raw["channel_list"] = channels;
  } else if (channels !== undefined) {
    issues.push({ path: "channels", message: "expected an object of channels" });
  }
  raw["version"] = 3;
  return { fromVersion: version, issues, warnings };
}

function renameAgentModel(raw: Obj): void {
  const defaults = isObj(raw["agents"]) ? raw["agents"]["defaults"] : undefined;
  if (!isObj(defaults) || !("model" in defaults)) return;
  if (!("model_name" in defaults)) defaults["model_name"] = defaults["model"];
  delete defaults["model"];
}

function mergeApiKeys(raw: Obj): void {
  const list = raw["model_list"];
  if (!Array.isArray(list)) return;
  for (const model of list) {
    if (!isObj(model) || !("api_key" in model)) continue;
    const keys = [model["api_key"], ...(Array.isArray(model["api_keys"]) ? model["api_keys"] : [])];
    model["api_keys"] = [
      ...new Set(keys.filter((k): k is string => typeof k === "string" && k.trim() !== "")),
    ];
    delete model["api_key"];
  }
}

function flattenChannel(name: string, entry: Obj, version: number): Obj {
  const out: Obj = { ...entry, type: name };
  const trigger: Obj = isObj(out["group_trigger"]) ? { ...out["group_trigger"] } : {};
  // v1→v2 only: in v2, discord's mention_only is a setting and moves under settings below.
  if (version < 2 && "mention_only" in out) {
    trigger["mention_only"] = out["mention_only"];
    delete out["mention_only"];
  }
  if ("group_trigger_prefix" in out && !("settings" in out)) {
    if (!("prefixes" in trigger)) trigger["prefixes"] = out["group_trigger_prefix"];
    delete out["group_trigger_prefix"];
  }
  if (Object.keys(trigger).length > 0) out["group_trigger"] = trigger;
  if ("settings" in out) return out;
  const settings: Obj = {};
  for (const key of Object.keys(out)) {
    if (BASE_CHANNEL_FIELDS.has(key)) continue;
    settings[key] = out[key];
    delete out[key];
  }
  if (Object.keys(settings).length > 0) out["settings"] = settings;
  return out;
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Environment overrides, applied to the raw config after the file and `.security.yml`, so env
 * wins. Variable names are derived from the schemas (PICOCLAW_AGENTS_DEFAULTS_<FIELD>,
 * PICOCLAW_CHANNELS_<TYPE>_<FIELD>, PICOCLAW_TOOLS_<NAME>_ENABLED, …), so a new field gets its
 * variable for free. A value that cannot be read is an issue naming the variable.
 */
import * as v from "valibot";
import { parseListText } from "../lib/flexible-list.ts";
import { normaliseHostInput } from "./gateway-host.ts";
import type { ConfigIssue } from "./issues.ts";
import { formatPath } from "./issues.ts";
import type { Env } from "./paths.ts";
import { agentsSchema } from "./schema/agents.ts";
import { CHANNEL_SETTINGS, SUPPORTED_CHANNEL_TYPES } from "./schema/channel-settings.ts";
import { heartbeatSchema } from "./schema/gateway.ts";
import { toolsSchema } from "./schema/tools.ts";

type Obj = Record<string, unknown>;
type Kind = "string" | "number" | "boolean" | "list";

/** An env variable bound to a config path. */
interface EnvField {
  name: string;
  path: string[];
  kind: Kind;
}

/** Problems, warnings, and which config path each variable set (to annotate later issues). */
export interface EnvResult {
  issues: ConfigIssue[];
  warnings: string[];
  origins: Map<string, string>;
}

/** Applies every recognised PICOCLAW_* variable to `raw` in place. */
export function applyEnvOverrides(raw: Obj, env: Env): EnvResult {
  const result: EnvResult = { issues: [], warnings: [], origins: new Map() };
  const host = env["PICOCLAW_GATEWAY_HOST"]?.trim();
  if (host) {
    const normal = normaliseHostInput(host);
    if (normal.ok) set(raw, ["gateway", "host"], normal.host, "PICOCLAW_GATEWAY_HOST", result);
    else result.issues.push({ path: "PICOCLAW_GATEWAY_HOST", message: normal.message });
  }
  for (const field of globalFields()) applyField(raw, [], field, env, result);
  for (const type of SUPPORTED_CHANNEL_TYPES) {
    const fields = leafFields(
      v.object(CHANNEL_SETTINGS[type]),
      `PICOCLAW_CHANNELS_${type.toUpperCase()}_`,
      [],
    );
    const targets = channelsOfType(raw, type);
    for (const field of fields) {
      if (env[field.name] === undefined || env[field.name] === "") continue;
      if (targets.length === 0)
        result.warnings.push(`${field.name} is set but no ${type} channel is configured`);
      for (const name of targets) applyField(raw, ["channel_list", name, "settings"], field, env, result);
    }
  }
  return result;
}

/** Every variable outside channels, in a stable order (also used by docs and tests). */
export function globalFields(): EnvField[] {
  const tools = (unwrap(toolsSchema) as unknown as { entries: Record<string, v.GenericSchema> }).entries;
  const toolToggles = Object.entries(tools)
    .filter(([, schema]) => entriesOf(schema)?.["enabled"] !== undefined)
    .map(
      ([name]): EnvField => ({
        name: `PICOCLAW_TOOLS_${name.toUpperCase()}_ENABLED`,
        path: ["tools", name, "enabled"],
        kind: "boolean",
      }),
    );
  const defaults = entriesOf(agentsSchema)?.["defaults"];
  return [
    { name: "PICOCLAW_GATEWAY_PORT", path: ["gateway", "port"], kind: "number" },
    { name: "PICOCLAW_GATEWAY_HOT_RELOAD", path: ["gateway", "hot_reload"], kind: "boolean" },
    { name: "PICOCLAW_LOG_LEVEL", path: ["gateway", "log_level"], kind: "string" },
    ...(defaults ? leafFields(defaults, "PICOCLAW_AGENTS_DEFAULTS_", ["agents", "defaults"]) : []),
    ...leafFields(heartbeatSchema, "PICOCLAW_HEARTBEAT_", ["heartbeat"]),
    ...toolToggles,
  ];
}

function applyField(raw: Obj, base: string[], field: EnvField, env: Env, result: EnvResult): void {
  const text = env[field.name];
  if (text === undefined || text === "") return;
  const parsed = parseEnvValue(text, field.kind);
  if (!parsed.ok) {
    result.issues.push({ path: field.name, message: `${parsed.message} (found ${JSON.stringify(text)})` });
    return;
  }
  const value =
    field.name === "PICOCLAW_LOG_LEVEL" && typeof parsed.value === "string"
      ? parsed.value.trim().toLowerCase()
      : parsed.value;
  set(raw, [...base, ...field.path], value, field.name, result);
}

function parseEnvValue(
  text: string,
  kind: Kind,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const trimmed = text.trim();
  switch (kind) {
    case "string":
      return { ok: true, value: text };
    case "list":
      return { ok: true, value: parseListText(text) ?? [] };
    case "boolean": {
      // The spellings Go's strconv.ParseBool accepts.
      if (["1", "t", "T", "true", "TRUE", "True"].includes(trimmed)) return { ok: true, value: true };
      if (["0", "f", "F", "false", "FALSE", "False"].includes(trimmed)) return { ok: true, value: false };
      return { ok: false, message: "expected true or false" };
    }
    case "number": {
      const n = Number(trimmed);
      return trimmed !== "" && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, message: "expected a number" };
    }
  }
}

// Env names mirror JSON keys: nested objects add their key to the prefix (SUBTURN_MAX_DEPTH).
function leafFields(schema: v.GenericSchema, prefix: string, path: string[]): EnvField[] {
  const entries = entriesOf(schema);
  if (!entries) return [];
  const out: EnvField[] = [];
  for (const [key, child] of Object.entries(entries)) {
    const name = `${prefix}${key.toUpperCase()}`;
    const kind = kindOf(child);
    if (kind) out.push({ name, path: [...path, key], kind });
    else if (entriesOf(child)) out.push(...leafFields(child, `${name}_`, [...path, key]));
  }
  return out;
}

function kindOf(schema: v.GenericSchema): Kind | undefined {
  const s = unwrap(schema);
  if (s.type === "string" || s.type === "picklist") return "string";
  if (s.type === "number") return "number";
  if (s.type === "boolean") return "boolean";
  // Lists are arrays of strings, or FlexibleStringSlice (an `unknown` with a transform).
  if (s.type === "array" || (s.type === "unknown" && "pipe" in s)) return "list";
  return undefined;
}

function entriesOf(schema: v.GenericSchema): Record<string, v.GenericSchema> | undefined {
  const s = unwrap(schema) as unknown as { type: string; entries?: Record<string, v.GenericSchema> };
  return s.type === "object" || s.type === "loose_object" ? s.entries : undefined;
}

function unwrap(schema: v.GenericSchema): v.GenericSchema {
  let s = schema as unknown as { wrapped?: v.GenericSchema };
  while (s.wrapped) s = s.wrapped as unknown as { wrapped?: v.GenericSchema };
  return s as unknown as v.GenericSchema;
}

function channelsOfType(raw: Obj, type: string): string[] {
  const list = raw["channel_list"];
  if (!isObj(list)) return [];
  return Object.entries(list)
    .filter(([name, entry]) => isObj(entry) && (entry["type"] ?? name) === type)
    .map(([name]) => name);
}

function set(raw: Obj, path: string[], value: unknown, variable: string, result: EnvResult): void {
  let node = raw;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (isObj(next)) node = next;
    else if (next === undefined || next === null) node = node[key] = {};
    else return; // a wrong-typed section: the schema reports it
  }
  node[path[path.length - 1] as string] = value;
  result.origins.set(formatPath(path), variable);
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

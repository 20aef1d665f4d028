/**
 * Overlays `.security.yml` onto the raw config (before validation) and drops the
 * "[NOT_HERE]" sentinels config.json holds in place of secrets. Values may be plaintext or
 * `file://path` (relative to the config directory); `enc://` is reported as unsupported.
 */
import { isAbsolute, join } from "node:path";
import { type ConfigIssue, formatPath } from "./issues.ts";
import { type Env, expandHome } from "./paths.ts";
import type { YamlValue } from "./security-yaml.ts";

/** The placeholder PicoClaw writes into config.json where a secret lives in `.security.yml`. */
export const NOT_HERE = "[NOT_HERE]";

type Obj = Record<string, unknown>;

/** File access for `file://` secrets (injected by tests). */
export interface SecretFiles {
  readText(path: string): string | undefined;
}

/** Context for resolving `file://` references. */
export interface OverlayContext {
  configDir: string;
  env: Env;
  files: SecretFiles;
}

/** Merges `secrets` into `raw` in place; returns problems and warnings. */
export function applySecurityOverlay(
  raw: Obj,
  secrets: YamlValue,
  context: OverlayContext,
): { issues: ConfigIssue[]; warnings: string[] } {
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  if (!isObj(secrets)) {
    issues.push({ path: ".security.yml", message: "expected a map at the top level" });
    return { issues, warnings };
  }
  const resolved = resolveValues(secrets, [], context, issues) as Obj;
  for (const [key, value] of Object.entries(resolved)) {
    if (key === "model_list") overlayModels(raw, value, warnings);
    else if (key === "channel_list" || key === "channels") overlayChannels(raw, value, warnings);
    else if (key === "web") merge(child(child(raw, "tools"), "web"), value);
    else if (key === "skills") merge(child(child(raw, "tools"), "skills"), skillsToRegistries(value));
    else warnings.push(`.security.yml: top-level key "${key}" is not used`);
  }
  return { issues, warnings };
}

/** Removes every "[NOT_HERE]" left after the overlay; warns where a secret stays missing. */
export function stripSentinels(value: unknown, path: (string | number)[], warnings: string[]): unknown {
  if (Array.isArray(value)) {
    const kept = value.filter((item) => item !== NOT_HERE);
    if (kept.length < value.length)
      warnings.push(`${formatPath(path)} is ${NOT_HERE} but .security.yml has no value for it`);
    return kept.map((item, index) => stripSentinels(item, [...path, index], warnings));
  }
  if (!isObj(value)) return value;
  for (const [key, item] of Object.entries(value)) {
    if (item === NOT_HERE) {
      delete value[key];
      warnings.push(`${formatPath([...path, key])} is ${NOT_HERE} but .security.yml has no value for it`);
    } else value[key] = stripSentinels(item, [...path, key], warnings);
  }
  return value;
}

// Model entries are addressed as "name" (first entry with that name) or "name:index"
// (the index-th entry with that name), as Go's toNameIndex writes them.
function overlayModels(raw: Obj, value: unknown, warnings: string[]): void {
  if (!isObj(value)) return;
  const list = Array.isArray(raw["model_list"]) ? (raw["model_list"] as unknown[]) : [];
  const byKey = new Map<string, Obj>();
  const counts = new Map<string, number>();
  for (const entry of list) {
    if (!isObj(entry) || typeof entry["model_name"] !== "string") continue;
    const name = entry["model_name"];
    const index = counts.get(name) ?? 0;
    counts.set(name, index + 1);
    byKey.set(`${name}:${index}`, entry);
    if (!byKey.has(name)) byKey.set(name, entry);
  }
  for (const [key, secret] of Object.entries(value)) {
    const entry = byKey.get(key);
    if (!entry) {
      warnings.push(`.security.yml: model_list.${key} matches no model_list entry`);
      continue;
    }
    const keys = isObj(secret) ? secret["api_keys"] : undefined;
    if (typeof keys === "string") entry["api_keys"] = [keys];
    else if (Array.isArray(keys)) entry["api_keys"] = keys;
  }
}

function overlayChannels(raw: Obj, value: unknown, warnings: string[]): void {
  if (!isObj(value)) return;
  const channels = child(raw, "channel_list");
  for (const [name, secret] of Object.entries(value)) {
    const target = channels[name];
    if (!isObj(target)) {
      warnings.push(`.security.yml: channel_list.${name} has no entry in config.json`);
      continue;
    }
    if (isObj(secret) && isObj(secret["settings"])) merge(child(target, "settings"), secret["settings"]);
  }
}

// Go's legacy secrets file used skills.clawhub / skills.github; both are registries now.
function skillsToRegistries(value: unknown): unknown {
  if (!isObj(value)) return value;
  const out: Obj = { ...value };
  const registries: Obj = isObj(out["registries"]) ? { ...out["registries"] } : {};
  if (isObj(out["clawhub"])) registries["clawhub"] = out["clawhub"];
  delete out["clawhub"];
  if (isObj(out["github"]) && typeof out["github"]["token"] === "string") {
    registries["github"] = { auth_token: out["github"]["token"] };
  }
  if (Object.keys(registries).length > 0) out["registries"] = registries;
  return out;
}

function resolveValues(
  value: YamlValue,
  path: string[],
  context: OverlayContext,
  issues: ConfigIssue[],
): unknown {
  if (Array.isArray(value))
    return value.map((item, i) => resolveValues(item, [...path, String(i)], context, issues));
  if (isObj(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveValues(item, [...path, key], context, issues)]),
    );
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") return value;
  const where = `.security.yml: ${path.join(".")}`;
  if (value.startsWith("enc://")) {
    issues.push({ path: where, message: "enc:// values are not supported; use plaintext or file://path" });
    return "";
  }
  if (!value.startsWith("file://")) return value;
  const ref = expandHome(value.slice("file://".length), context.env);
  const file = isAbsolute(ref) ? ref : join(context.configDir, ref);
  const text = context.files.readText(file);
  if (text === undefined) {
    issues.push({ path: where, message: `cannot read ${value}` });
    return "";
  }
  return text.replace(/\r?\n$/, "");
}

function merge(target: Obj, source: unknown): void {
  if (!isObj(source)) return;
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObj(existing) && isObj(value)) merge(existing, value);
    else target[key] = value;
  }
}

function child(parent: Obj, key: string): Obj {
  const existing = parent[key];
  if (isObj(existing)) return existing;
  // A wrong-typed section is left for the schema to report; the overlay goes nowhere.
  if (existing !== undefined && existing !== null) return {};
  const created: Obj = {};
  parent[key] = created;
  return created;
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Loads the config: file (or the built-in default) → migration to v3 → `.security.yml` →
 * env overrides → validation. Each step collects issues instead of stopping, so one run
 * reports every problem. Nothing is ever written to the user's files.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as v from "valibot";
import { builtinRawConfig, type OllamaProbe, probeOllamaTags } from "./builtin.ts";
import { checkChannelRules } from "./channel-rules.ts";
import { applyEnvOverrides } from "./env.ts";
import { applyFallbacks } from "./fallbacks.ts";
import { type ConfigIssue, dedupeIssues, issuesFromValibot } from "./issues.ts";
import { parseJsonWithPosition } from "./json-position.ts";
import { checkMcpRules } from "./mcp-rules.ts";
import { migrateConfig } from "./migrate.ts";
import { checkMqttRules } from "./mqtt-rules.ts";
import { type Env, expandHome, resolvePaths } from "./paths.ts";
import { prepareRaw } from "./prepare.ts";
import { checkReflexRules } from "./reflex-rules.ts";
import { type Config, configSchema } from "./schema/config.ts";
import { applySecurityOverlay, stripSentinels } from "./security.ts";
import { parseSecurityYaml } from "./security-yaml.ts";
import { findUnknownKeys } from "./unknown-keys.ts";

type Obj = Record<string, unknown>;

/** Options for loadConfig; everything defaults to the real process. */
export interface LoadOptions {
  env?: Env;
  /** Overrides $PICOCLAW_CONFIG / $PICOCLAW_HOME (e.g. `config check <path>`). */
  path?: string;
  /** Finds a local Ollama model for the built-in config (tests pass a stub). */
  probeOllama?: OllamaProbe;
}

/** A loaded config, or every problem found. */
export type LoadResult =
  | { ok: true; config: Config; path: string; source: "file" | "builtin"; warnings: string[] }
  | { ok: false; path: string; issues: ConfigIssue[] };

/** Reads, migrates, overlays and validates the config. */
export async function loadConfig(options: LoadOptions = {}): Promise<LoadResult> {
  const env = options.env ?? process.env;
  const paths = resolvePaths(env);
  const path = options.path ? expandHome(options.path, env) : paths.configPath;
  const warnings: string[] = [];
  const issues: ConfigIssue[] = [];

  const file = readText(path);
  if (file.error) return { ok: false, path, issues: [{ path, message: file.error }] };
  let raw: Obj;
  let source: "file" | "builtin" = "file";
  let migrated = false;
  if (file.text === undefined || Buffer.byteLength(file.text) <= 10) {
    if (file.text !== undefined)
      warnings.push(`${path} holds ${Buffer.byteLength(file.text)} bytes; using the built-in defaults`);
    const builtin = await builtinRawConfig(env, paths.home, options.probeOllama ?? probeOllamaTags);
    warnings.push(...builtin.warnings);
    raw = builtin.raw;
    source = "builtin";
  } else {
    const parsed = parseJsonWithPosition(file.text);
    if (!parsed.ok) {
      const message = `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`;
      return { ok: false, path, issues: [{ path, message }] };
    }
    if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
      return { ok: false, path, issues: [{ path, message: "expected a JSON object at the top level" }] };
    }
    raw = parsed.value as Obj;
    const migration = migrateConfig(raw);
    issues.push(...migration.issues);
    warnings.push(...migration.warnings);
    migrated = migration.fromVersion >= 0 && migration.fromVersion < 3;
    if (migrated)
      warnings.push(
        `config version ${migration.fromVersion} was migrated to 3 in memory; the file is unchanged`,
      );
  }
  prepareRaw(raw);

  const security = readText(join(dirname(path), ".security.yml"));
  if (security.error) issues.push({ path: ".security.yml", message: security.error });
  if (security.text !== undefined) {
    const yaml = parseSecurityYaml(security.text);
    if (!yaml.ok) issues.push({ path: ".security.yml", message: `line ${yaml.line}: ${yaml.message}` });
    else {
      const files = { readText: (p: string) => readText(p).text };
      const overlay = applySecurityOverlay(raw, yaml.value, { configDir: dirname(path), env, files });
      issues.push(...overlay.issues);
      warnings.push(...overlay.warnings);
    }
  }
  stripSentinels(raw, [], warnings);

  const fromEnv = applyEnvOverrides(raw, env);
  issues.push(...fromEnv.issues);
  warnings.push(...fromEnv.warnings);
  const rules = checkChannelRules(raw);
  warnings.push(...rules.warnings);
  const reflexRules = checkReflexRules(raw);
  warnings.push(...reflexRules.warnings);

  for (const unknown of findUnknownKeys(configSchema, raw)) {
    // Go never checked settings keys, so old configs carry stale ones: warn, don't fail.
    if (migrated && /^channel_list\.[^.]+\.settings\./.test(unknown.path)) {
      warnings.push(`${unknown.path}: ignored (${unknown.message})`);
    } else issues.push(unknown);
  }
  const result = v.safeParse(configSchema, raw);
  if (!result.success) issues.push(...issuesFromValibot(result.issues));
  issues.push(...rules.issues, ...reflexRules.issues, ...checkMqttRules(raw), ...checkMcpRules(raw));

  if (issues.length > 0) {
    const annotated = issues.map((issue) => {
      const variable = fromEnv.origins.get(issue.path);
      return variable ? { ...issue, message: `${issue.message} (set by ${variable})` } : issue;
    });
    return { ok: false, path, issues: dedupeIssues(annotated) };
  }
  if (!result.success) return { ok: false, path, issues: [] };
  return { ok: true, config: applyFallbacks(result.output, env), path, source, warnings };
}

/** The file's text; undefined if it does not exist; an error message if it cannot be read. */
function readText(path: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(path, "utf8") };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") return {};
    return { error: `cannot read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

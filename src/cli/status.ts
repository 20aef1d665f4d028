/**
 * `picoclaw status`: version, config location, workspace, model and provider keys, channels, agents and
 * every config section PicoClaw defines (with whether this port runs it).
 */
import { existsSync } from "node:fs";
import { type Config, formatIssues, loadConfig, resolvePaths } from "../config/index.ts";
import type { CliCommand } from "./commands.ts";
import { summaryLines } from "./config-check.ts";
import { sectionLines } from "./section-lines.ts";
import { VERSION } from "./version.ts";

// Providers that run on the user's machine and need no key.
const LOCAL_PROVIDERS = new Set(["ollama", "vllm", "lmstudio"]);

/** "provider: ✓ / not set" per provider named in model_list. */
export function providerKeyLines(config: Config): string[] {
  const status = new Map<string, string>();
  for (const model of config.model_list) {
    const provider =
      model.provider || (model.model.includes("/") ? model.model.split("/")[0] : "openai") || "openai";
    const state =
      model.api_keys.length > 0 ? "✓" : LOCAL_PROVIDERS.has(provider) ? "local, no key needed" : "not set";
    if (status.get(provider) !== "✓") status.set(provider, state);
  }
  return [...status].map(([provider, state]) => `${provider}: ${state}`);
}

/** The `status` command. */
export const statusCommand: CliCommand = {
  name: "status",
  aliases: ["s"],
  summary: "Show version, config, workspace, model keys, channels, agents and config sections",
  usage:
    "Usage: picoclaw status\n\nShows what the gateway would run with, without starting it: agents and dispatch\n" +
    "rules, and each config section PicoClaw defines, marking those this port loads but does not run.",
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(`picoclaw status: unexpected argument "${args[0]}"`);
      return 2;
    }
    const { configPath } = resolvePaths(io.env);
    io.stdout(`picoclaw ${VERSION}`);
    io.stdout(
      `config: ${configPath} (${existsSync(configPath) ? "exists" : "missing; built-in default in use"})`,
    );
    const result = await loadConfig({ env: io.env });
    if (!result.ok) {
      for (const line of formatIssues(result.issues).split("\n")) io.stdout(line);
      io.stdout('Run "picoclaw config check" after fixing the file.');
      return 1;
    }
    const workspace = result.config.agents.defaults.workspace;
    for (const line of summaryLines(result.config)) {
      io.stdout(
        line.startsWith("workspace:") ? `${line} (${existsSync(workspace) ? "exists" : "missing"})` : line,
      );
    }
    for (const line of sectionLines(result.config)) io.stdout(line);
    const keys = providerKeyLines(result.config);
    io.stdout(`provider keys: ${keys.length > 0 ? keys.join(", ") : "(no models)"}`);
    return 0;
  },
};

/**
 * `picoclaw config check [path]`: loads the config exactly as the gateway would and prints
 * either a short summary (exit 0) or every problem found (exit 1).
 */
import { existsSync } from "node:fs";
import { type Config, expandHome, formatIssues, loadConfig } from "../config/index.ts";
import type { CliCommand } from "./commands.ts";

/** A few lines describing what a loaded config will do. */
export function summaryLines(config: Config): string[] {
  const enabled = Object.entries(config.channel_list)
    .filter(([, channel]) => channel.enabled)
    .map(([name, channel]) => (name === channel.type ? name : `${name} (${channel.type})`));
  const model = config.agents.defaults.model_name;
  const known = config.model_list.some((m) => m.model_name === model);
  return [
    `model: ${model === "" ? "(none configured)" : known ? model : `${model} (not in model_list)`}`,
    `models listed: ${config.model_list.length}`,
    `channels enabled: ${enabled.length > 0 ? enabled.join(", ") : "(none)"}`,
    `gateway: ${config.gateway.host} port ${config.gateway.port}`,
    `workspace: ${config.agents.defaults.workspace}`,
  ];
}

const USAGE = `Usage: picoclaw config check [path]

Validates config.json (default: $PICOCLAW_CONFIG, else $PICOCLAW_HOME/config.json, else
~/.picoclaw/config.json) together with .security.yml and PICOCLAW_* environment overrides.
Prints every problem at once. Exit 0 when valid, 1 when not.`;

/** The `config` command (subcommand `check`). */
export const configCommand: CliCommand = {
  name: "config",
  aliases: [],
  summary: "Check config.json and print every problem",
  usage: USAGE,
  async run(args, io) {
    const [sub, path, extra] = args;
    if (sub !== "check" || extra !== undefined) {
      io.stderr(USAGE);
      return 2;
    }
    if (path !== undefined && !existsSync(expandHome(path, io.env))) {
      io.stderr(`config check: ${path}: no such file`);
      return 1;
    }
    const result = await loadConfig(path === undefined ? { env: io.env } : { env: io.env, path });
    if (!result.ok) {
      io.stderr(`config check: ${result.path}`);
      for (const line of formatIssues(result.issues).split("\n")) io.stderr(line);
      return 1;
    }
    const origin =
      result.source === "file" ? result.path : `built-in default (no usable file at ${result.path})`;
    io.stdout(`config OK: ${origin}`);
    for (const line of summaryLines(result.config)) io.stdout(`  ${line}`);
    for (const warning of result.warnings) io.stdout(`  warning: ${warning}`);
    return 0;
  },
};

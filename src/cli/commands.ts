/**
 * The CLI's command table: one static list, so `bun build --compile` bundles every command and
 * adding one is a one-line change here. Commands get their I/O as an argument (CliIo), so tests
 * run them in-process.
 */
import { agentCommand } from "./agent.ts";
import { configCommand } from "./config-check.ts";
import { cronCommand } from "./cron.ts";
import { gatewayCommand } from "./gateway.ts";
import { onboardCommand } from "./onboard.ts";
import { skillsCommand } from "./skills.ts";
import { statusCommand } from "./status.ts";
import { updateCommand } from "./update.ts";
import { versionCommand } from "./version.ts";

/** What a command may touch: output lines and the environment. */
export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Record<string, string | undefined>;
}

/** Exit codes: 0 ok, 1 runtime failure, 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** One CLI command. `run` resolves to the process exit code and never calls process.exit. */
export interface CliCommand {
  name: string;
  aliases: readonly string[];
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Every command, in the order `picoclaw --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  gatewayCommand,
  agentCommand,
  onboardCommand,
  statusCommand,
  configCommand,
  cronCommand,
  skillsCommand,
  updateCommand,
  versionCommand,
];

/** `picoclaw gateway`: loads the config, applies the flags, and runs the gateway until SIGTERM/SIGINT. */

import { startGateway } from "../compose/start-gateway.ts";
import { formatIssues, loadConfig, resolvePaths } from "../config/index.ts";
import { DEFAULT_MAX_BOOT_ATTEMPTS } from "../config/schema/update.ts";
import { deferred } from "../lib/deferred.ts";
import { setLogLevel } from "../lib/logger.ts";
import { getPlatform } from "../platform/index.ts";
import { clearPending, recordBoot } from "../update/pending.ts";
import type { CliCommand } from "./commands.ts";
import { VERSION } from "./version.ts";

const USAGE = `Usage: picoclaw gateway [--host HOST] [--port PORT] [-d|--debug]

Runs the long-lived gateway: the enabled channels, the agent loop, cron, heartbeat, and one HTTP
server on gateway.host:gateway.port with /health, /ready, /pico/ws, /maixcam/ws and the web chat
page at /. Without a config file it starts on a built-in default (see README).

Options:
  --host HOST   listen address (overrides gateway.host and PICOCLAW_GATEWAY_HOST)
  --port PORT   listen port (overrides gateway.port and PICOCLAW_GATEWAY_PORT)
  -d, --debug   debug logging (overrides gateway.log_level)

SIGTERM or SIGINT stops accepting messages, drains the queues, keeps undelivered replies in the
outbox, and exits 0. Exit 1 when the config is invalid or the gateway cannot start.`;

interface Flags {
  host?: string;
  port?: string;
  debug: boolean;
}

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = { debug: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    if (name === "-d" || name === "--debug") flags.debug = true;
    else if (name === "--host" || name === "--port") {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") return `${name} needs a value`;
      if (name === "--host") flags.host = value;
      else flags.port = value;
    } else return `unknown option ${arg}`;
  }
  return flags;
}

/** The `gateway` command. */
export const gatewayCommand: CliCommand = {
  name: "gateway",
  aliases: ["g"],
  summary: "Run the gateway (channels, agent, cron, heartbeat, health)",
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args);
    if (typeof flags === "string") {
      io.stderr(`picoclaw gateway: ${flags}`);
      io.stderr(USAGE);
      return 2;
    }
    // Flags win over the file and the environment: apply them as the env overrides they mirror.
    const env = { ...io.env };
    if (flags.host !== undefined) env["PICOCLAW_GATEWAY_HOST"] = flags.host;
    if (flags.port !== undefined) env["PICOCLAW_GATEWAY_PORT"] = flags.port;
    const loaded = await loadConfig({ env });
    // An unconfirmed update counts this start before anything can fail; a crash loop restores .prev.
    // Under systemd/picoclaw.service a privileged ExecStartPre (`picoclaw.prev update --boot-check`)
    // counts instead.
    const home = resolvePaths(env).home;
    const boot =
      env["PICOCLAW_UPDATE_BOOT_CHECK"] === "pre-start"
        ? ({ kind: "none" } as const)
        : await recordBoot(
            home,
            loaded.ok ? loaded.config.update.max_boot_attempts : DEFAULT_MAX_BOOT_ATTEMPTS,
          );
    if (boot.kind === "rolled-back") {
      io.stderr(
        `picoclaw gateway: the updated binary started ${boot.boots} times without getting ready; restored ${boot.binary}.prev, exiting so the service manager starts it`,
      );
      return 1;
    }
    if (boot.kind === "rollback-failed") io.stderr(`picoclaw gateway: rollback failed: ${boot.error}`);
    if (!loaded.ok) {
      io.stderr(`picoclaw gateway: invalid config ${loaded.path}`);
      io.stderr(formatIssues(loaded.issues));
      return 1;
    }
    setLogLevel(flags.debug ? "debug" : loaded.config.gateway.log_level);
    for (const warning of loaded.warnings) io.stderr(`warning: ${warning}`);
    io.stdout(
      loaded.source === "file"
        ? `config: ${loaded.path}`
        : `config: built-in default (no file at ${loaded.path})`,
    );
    const stopped = deferred<number>();
    await startGateway({
      config: loaded.config,
      home,
      env,
      version: VERSION,
      platform: await getPlatform(),
      announce: (line) => io.stdout(line),
      exit: (code) => stopped.resolve(code),
    });
    // Ready: an update that was pending is confirmed.
    await clearPending(home);
    return stopped.promise;
  },
};

/**
 * How the new binary gets started after a swap: update.restart_command when set, else
 * `systemctl restart <unit>` on a systemd machine, else nothing (the user restarts by hand).
 */

import { existsSync } from "node:fs";

/** The restart argv, or undefined when there is no way to restart here. */
export function restartArgv(config: {
  restart_command: string[];
  systemd_unit: string;
}): string[] | undefined {
  if (config.restart_command.length > 0) return config.restart_command;
  if (existsSync("/run/systemd/system")) return ["systemctl", "restart", config.systemd_unit];
  return undefined;
}

/** Runs the restart command with the caller's output; resolves with its exit code (127 when it cannot start). */
export async function runRestart(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  // Imported here, not at the top: a static import would load node:child_process (~2 MB RSS) at every
  // gateway start (test/start-imports.test.ts).
  const { spawn } = await import("node:child_process");
  return new Promise((resolve) => {
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ["ignore", "inherit", "inherit"], env });
    child.on("error", () => resolve(127));
    child.on("exit", (code, signal) => resolve(signal ? 128 : (code ?? 1)));
  });
}

/**
 * The singleton lock `$PICOCLAW_HOME/.picoclaw.pid` ({"pid","token","version","port","host"}, PicoClaw's
 * shape): a live gateway refuses a second one (two pollers on one Telegram token get 409s, PicoClaw #667);
 * a stale file, or one naming PID 1 (a container restart), is replaced.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What the PID file records. */
export interface PidRecord {
  pid: number;
  token: string;
  version: string;
  port: number;
  host: string;
}

/** Thrown when another gateway holds the lock. */
export class GatewayRunningError extends Error {
  override readonly name = "GatewayRunningError";
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Claims the lock for this process; returns a release function. */
export function claimPidFile(
  home: string,
  info: Omit<PidRecord, "pid" | "token">,
): { record: PidRecord; release(): void } {
  const path = join(home, ".picoclaw.pid");
  try {
    const previous = JSON.parse(readFileSync(path, "utf8")) as Partial<PidRecord>;
    const pid = Number(previous.pid);
    if (Number.isInteger(pid) && pid > 1 && pid !== process.pid && isAlive(pid)) {
      throw new GatewayRunningError(
        `another gateway is running (pid ${pid}, port ${previous.port}); stop it first, or remove ${path} if it is not a picoclaw process`,
      );
    }
  } catch (error) {
    if (error instanceof GatewayRunningError) throw error;
  }
  const record: PidRecord = { pid: process.pid, token: randomBytes(16).toString("hex"), ...info };
  writeFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  return {
    record,
    release() {
      try {
        const current = JSON.parse(readFileSync(path, "utf8")) as Partial<PidRecord>;
        if (current.pid === process.pid) rmSync(path, { force: true });
      } catch {
        // Already gone.
      }
    },
  };
}

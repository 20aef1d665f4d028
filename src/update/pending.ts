/**
 * The pending-update marker `<home>/update-pending.json`: written by `picoclaw update` after a swap,
 * its boot counter raised by every `picoclaw gateway` start, removed when the gateway is ready. A
 * start that finds the counter past max_boot_attempts is a crash loop: it restores `.prev`. The file
 * is 0644 in PICOCLAW_HOME so the service user can clear a marker written by root.
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { restorePrevious } from "./swap.ts";

/** What the marker holds. */
export interface PendingUpdate {
  binary: string;
  sha256: string;
  boots: number;
}

/** Path of the marker in PICOCLAW_HOME. */
export const pendingPath = (home: string): string => join(home, "update-pending.json");

/** The marker, or undefined when there is none (or it is unreadable). */
export async function readPending(home: string): Promise<PendingUpdate | undefined> {
  try {
    const value = JSON.parse(await readFile(pendingPath(home), "utf8")) as Partial<PendingUpdate>;
    if (typeof value.binary !== "string" || typeof value.boots !== "number") return undefined;
    return { binary: value.binary, sha256: String(value.sha256 ?? ""), boots: value.boots };
  } catch {
    return undefined;
  }
}

/** Writes the marker. */
export async function writePending(home: string, pending: PendingUpdate): Promise<void> {
  await writeFileAtomic(pendingPath(home), `${JSON.stringify(pending)}\n`, { mode: 0o644 });
}

/** Removes the marker: the new binary is confirmed, or rolled back. */
export async function clearPending(home: string): Promise<void> {
  await rm(pendingPath(home), { force: true });
}

/** What a gateway start decided. */
export type BootDecision =
  | { kind: "none" }
  | { kind: "counted"; boots: number }
  | { kind: "rolled-back"; boots: number; binary: string }
  | { kind: "rollback-failed"; boots: number; error: string };

/** Counts one start of an unconfirmed binary; past `maxBoots` it restores `.prev` and clears the marker. */
export async function recordBoot(home: string, maxBoots: number): Promise<BootDecision> {
  const pending = await readPending(home);
  if (!pending) return { kind: "none" };
  const boots = pending.boots + 1;
  if (boots <= maxBoots) {
    await writePending(home, { ...pending, boots });
    return { kind: "counted", boots };
  }
  try {
    await restorePrevious(pending.binary);
  } catch (error) {
    await writePending(home, { ...pending, boots });
    return { kind: "rollback-failed", boots, error: (error as Error).message };
  }
  await clearPending(home);
  return { kind: "rolled-back", boots, binary: pending.binary };
}

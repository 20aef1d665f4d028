/**
 * `picoclaw update` as steps: read and check the release (SHA256SUMS, its signature when a key is
 * set), download the binary beside the running one and verify its digest, swap keeping `.prev`,
 * mark the update pending, restart, and watch /ready — rolling back when the new binary is not ready
 * in time. Every failure before the swap leaves the binary and its directory as they were.
 */
import { rm } from "node:fs/promises";
import { parseSha256Sums, verifySignature } from "./checksums.ts";
import { clearPending, readPending, writePending } from "./pending.ts";
import { downloadTo, type ReleaseSource, readReleaseFile, sha256File } from "./release.ts";
import { installBinary, restorePrevious, tempPath } from "./swap.ts";

const SUMS_MAX_BYTES = 1024 * 1024;

/** The update settings (config `update`). */
export interface UpdateSettings {
  public_key: string;
  ready_timeout_secs: number;
  max_bytes: number;
}

/** What the release offers for this platform. */
export interface ReleaseInfo {
  asset: string;
  sha256: string;
  signed: boolean;
}

/** Reads SHA256SUMS (and checks SHA256SUMS.sig when a key is set); throws with the reason. */
export async function readRelease(
  source: ReleaseSource,
  asset: string,
  settings: UpdateSettings,
): Promise<ReleaseInfo> {
  const sums = await readReleaseFile(source, "SHA256SUMS", SUMS_MAX_BYTES);
  if (!sums) throw new Error(`no SHA256SUMS in ${source.label}`);
  let signed = false;
  if (settings.public_key.trim() !== "") {
    const sig = await readReleaseFile(source, "SHA256SUMS.sig", 4096);
    if (!sig) throw new Error(`update.public_key is set but ${source.label} has no SHA256SUMS.sig`);
    const problem = verifySignature(sums, sig, settings.public_key);
    if (problem) throw new Error(problem);
    signed = true;
  }
  const sha256 = parseSha256Sums(new TextDecoder().decode(sums)).get(asset);
  if (!sha256) throw new Error(`SHA256SUMS in ${source.label} lists no ${asset}`);
  return { asset, sha256, signed };
}

/** Downloads the asset next to `binary`, checks its digest, and swaps it in keeping `.prev`. */
export async function downloadAndSwap(
  source: ReleaseSource,
  release: ReleaseInfo,
  binary: string,
  settings: UpdateSettings,
): Promise<void> {
  const temp = tempPath(binary, "new");
  await rm(temp, { force: true });
  try {
    const actual = await downloadTo(source, release.asset, temp, settings.max_bytes);
    if (actual !== release.sha256) {
      throw new Error(
        `checksum mismatch for ${release.asset}: got ${actual}, SHA256SUMS says ${release.sha256}`,
      );
    }
    await installBinary(temp, binary);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The outcome of watching the restarted binary. */
export type WatchResult =
  | { kind: "confirmed" }
  | { kind: "rolled-back"; by: "gateway" | "watcher"; restartCode?: number };

/**
 * True once a gateway has started since the swap: its start was counted in the pending marker, or it
 * got ready and removed the marker (or the boot counter rolled back and removed it).
 */
export async function startedSinceSwap(home: string): Promise<boolean> {
  const pending = await readPending(home);
  return pending === undefined || pending.boots > 0;
}

/**
 * After the restart: confirmed when /ready answers from a gateway started since the swap (a restart
 * command that does not wait, like `systemctl restart --no-block`, leaves the old one answering for a
 * moment) and the new binary is in place; else rolls back.
 */
export async function watchNewBinary(options: {
  home: string;
  binary: string;
  release: ReleaseInfo;
  timeoutMs: number;
  waitReady(timeoutMs: number, only: () => Promise<boolean>): Promise<boolean>;
  restart(): Promise<number>;
}): Promise<WatchResult> {
  const ready = await options.waitReady(options.timeoutMs, () => startedSinceSwap(options.home));
  const current = await sha256File(options.binary);
  if (ready && current === options.release.sha256) {
    await clearPending(options.home);
    return { kind: "confirmed" };
  }
  // Not ready in time, or the gateway already restored `.prev` after a crash loop.
  if (current !== options.release.sha256 && !(await readPending(options.home))) {
    return { kind: "rolled-back", by: "gateway" };
  }
  await restorePrevious(options.binary);
  await clearPending(options.home);
  return { kind: "rolled-back", by: "watcher", restartCode: await options.restart() };
}

/** Marks the swapped binary as unconfirmed: the gateway counts its starts until /ready. */
export function markPending(home: string, binary: string, release: ReleaseInfo): Promise<void> {
  return writePending(home, { binary, sha256: release.sha256, boots: 0 });
}

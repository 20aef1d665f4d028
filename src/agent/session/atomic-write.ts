/**
 * Crash-safe file replacement for flash storage: write a temp file, fsync it, rename it over the
 * target, then fsync the directory so the rename itself survives a power cut.
 */
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

let counter = 0;

/** Replaces `path` with `data` atomically; readers see the old or the new file, never a mix. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  const handle = await open(temp, "w", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** fsyncs a directory so renames and creations in it are durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Crash-safe file replacement for flash storage: write a temp file beside the target, fsync it, rename
 * it over the target, then fsync the directory so the rename itself survives a power cut. Readers see
 * the old file or the new one, never a mix.
 */
import { type FileHandle, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

let counter = 0;

/** Permissions of a new file (default 0600: config, sessions and state are private). */
export interface AtomicWriteOptions {
  mode?: number | undefined;
}

/** Opens a new temp file; creates the parent directories only when they are missing (not on every write). */
async function createTemp(temp: string, mode: number): Promise<FileHandle> {
  try {
    return await open(temp, "wx", mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(temp), { recursive: true });
    return await open(temp, "wx", mode);
  }
}

/** Replaces `path` with `data` atomically, creating parent directories. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  try {
    const handle = await createTemp(temp, options.mode ?? 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** fsyncs a directory so renames and creations in it are durable; best effort where a filesystem refuses. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  }
}

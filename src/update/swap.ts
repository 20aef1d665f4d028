/**
 * Replacing the running binary on flash: the old one is kept as `<binary>.prev` (a hard link, or a
 * copy where links are refused), then the verified new file is renamed over the binary, so the path
 * always names a complete executable. Rollback puts `.prev` back the same way.
 */
import { copyFile, link, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { syncDirectory } from "../lib/atomic-write.ts";

/** `<binary>.prev`. */
export const previousPath = (binary: string): string => `${binary}.prev`;

/** A temp path beside `binary` (same filesystem, so rename is atomic). */
export const tempPath = (binary: string, tag: string): string =>
  join(dirname(binary), `.${basename(binary)}.${tag}.${process.pid}.tmp`);

/** Makes `to` a durable copy of `from` without a moment where `to` is missing or partial. */
async function replaceWithCopyOf(from: string, to: string): Promise<void> {
  const temp = tempPath(to, "copy");
  await rm(temp, { force: true });
  try {
    await link(from, temp).catch(() => copyFile(from, temp));
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // When `to` already is a link to the same file (after a rollback, binary and .prev are one inode),
  // rename(2) does nothing and succeeds, leaving the temp link behind to pin that file on flash.
  await rm(temp, { force: true });
}

/** Keeps the current binary as `.prev`, then renames `newFile` over `binary`. */
export async function installBinary(newFile: string, binary: string): Promise<void> {
  await replaceWithCopyOf(binary, previousPath(binary));
  await rename(newFile, binary);
  await syncDirectory(dirname(binary));
}

/** Puts `.prev` back over `binary` (`.prev` stays, so a second rollback is harmless). */
export async function restorePrevious(binary: string): Promise<void> {
  await replaceWithCopyOf(previousPath(binary), binary);
  await syncDirectory(dirname(binary));
}

/**
 * Workspace file reads for the prompt, cached and re-read only when a file's mtime or size changes.
 * With `recheckMs` a file (or its absence) is trusted for that long before it is stat'ed again, so a
 * busy gateway does not pay nine stats per turn; edits still show up within `recheckMs`.
 */
import { readFile, stat } from "node:fs/promises";

/** What `peek` returns for a file that has to be checked again (or was never read). */
export const NOT_FRESH: unique symbol = Symbol("not fresh");

/** Cached text reads; a missing file reads as undefined. */
export interface FileCache {
  read(path: string): Promise<string | undefined>;
  /** What `read` would return without checking the file (it is still trusted), else NOT_FRESH. */
  peek?(path: string): string | undefined | typeof NOT_FRESH;
}

/** The texts of `paths` (in order): at once when every one is still trusted, else read together. */
export function readAll(
  files: FileCache,
  paths: readonly string[],
): (string | undefined)[] | Promise<(string | undefined)[]> {
  if (files.peek) {
    const texts: (string | undefined)[] = [];
    for (const path of paths) {
      const text = files.peek(path);
      if (text === NOT_FRESH) break;
      texts.push(text);
    }
    if (texts.length === paths.length) return texts;
  }
  // Each uncached read is a round trip to the file-system thread pool: all at once.
  return Promise.all(paths.map((path) => files.read(path)));
}

/** How often a cached file is checked again. */
export interface FileCacheOptions {
  /** 0 (default): stat on every read. */
  recheckMs?: number | undefined;
  now?: (() => number) | undefined;
  /** Files remembered (missing ones included); the least recently checked go first. */
  maxFiles?: number | undefined;
}

interface Entry {
  mtimeMs: number;
  size: number;
  text: string | undefined;
  checkedAt: number;
}

/** Creates a cache; edits to SOUL.md and friends show up without a restart. */
export function createFileCache(options: FileCacheOptions = {}): FileCache {
  const recheckMs = options.recheckMs ?? 0;
  const now = options.now ?? Date.now;
  const maxFiles = options.maxFiles ?? 64;
  const entries = new Map<string, Entry>();
  const remember = (path: string, entry: Entry) => {
    entries.delete(path);
    entries.set(path, entry);
    if (entries.size > maxFiles) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  };
  return {
    peek(path) {
      const cached = entries.get(path);
      return cached && recheckMs > 0 && now() - cached.checkedAt < recheckMs ? cached.text : NOT_FRESH;
    },
    async read(path) {
      const cached = entries.get(path);
      const checkedAt = now();
      if (cached && recheckMs > 0 && checkedAt - cached.checkedAt < recheckMs) return cached.text;
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) {
        if (recheckMs > 0) remember(path, { mtimeMs: 0, size: -1, text: undefined, checkedAt });
        else entries.delete(path);
        return undefined;
      }
      if (cached?.text !== undefined && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
        cached.checkedAt = checkedAt;
        return cached.text;
      }
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text === undefined) return undefined;
      remember(path, { mtimeMs: info.mtimeMs, size: info.size, text, checkedAt });
      return text;
    },
  };
}

/** Wraps `load` so its result is reused for `ms` (concurrent callers share one load). */
export function reuseFor<T>(
  ms: number,
  load: () => Promise<T>,
  now: () => number = Date.now,
): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (last && at - last.at < ms) return last.value;
    const value = load();
    last = { at, value };
    // A failed load is not reused.
    value.catch(() => {
      if (last?.value === value) last = undefined;
    });
    return value;
  };
}

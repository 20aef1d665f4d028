/** Workspace file reads for the prompt, cached and re-read only when a file's mtime or size changes. */
import { readFile, stat } from "node:fs/promises";

/** Cached text reads; a missing file reads as undefined. */
export interface FileCache {
  read(path: string): Promise<string | undefined>;
}

interface Entry {
  mtimeMs: number;
  size: number;
  text: string;
}

/** Creates a cache; edits to SOUL.md and friends show up on the next turn without a restart. */
export function createFileCache(): FileCache {
  const entries = new Map<string, Entry>();
  return {
    async read(path) {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) {
        entries.delete(path);
        return undefined;
      }
      const cached = entries.get(path);
      if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.text;
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text === undefined) return undefined;
      entries.set(path, { mtimeMs: info.mtimeMs, size: info.size, text });
      return text;
    },
  };
}

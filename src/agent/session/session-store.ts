/**
 * Sessions on disk, byte-compatible with PicoClaw: `sessions/<file>.jsonl` (one ChatMessage per line,
 * append-only, fsync per append) and `<file>.meta.json` (written atomically). History is read from the
 * end of the file, so memory follows the visible history, not the file size; truncation is logical.
 */
import { mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChatMessage } from "../../providers/provider.ts";
import { type SessionScope, sessionFileStem } from "../routing/session-key.ts";
import { parseChatMessageLine } from "./chat-message.ts";
import { readLastLines, scanLines } from "./jsonl-lines.ts";
import { createKeyedMutex } from "./keyed-mutex.ts";
import { emptyMeta, isNewMeta, parseMeta, type SessionMeta, serializeMeta } from "./session-meta.ts";

const log = createLogger("session");

/** PicoClaw's per-line cap; longer lines are skipped on read and shortened on write. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
const DEFAULT_HISTORY_LIMIT = 500;
const RECONCILED_CACHE = 256;

/** A visible history message and its 1-based raw line number (what `skip` counts). */
export interface HistoryEntry {
  line: number;
  message: ChatMessage;
}

/** Persistent conversation history per session key. Contract: methods on one key never interleave. */
export interface SessionStore {
  readonly dir: string;
  append(key: string, message: ChatMessage): Promise<void>;
  /** The visible history (after `skip`), oldest first, at most `limit` messages, never starting with a tool result. */
  history(key: string, limit?: number): Promise<HistoryEntry[]>;
  meta(key: string): Promise<SessionMeta>;
  /** Records scope and aliases (merged with existing aliases). */
  ensureMeta(key: string, scope: SessionScope, aliases: readonly string[]): Promise<void>;
  /** Stores a summary; `skip` (raw lines) only ever moves forward. */
  setSummary(key: string, summary: string, skip?: number): Promise<void>;
  /** Hides all history and clears the summary (logical truncation; the file is kept). */
  clear(key: string): Promise<void>;
}

/** Options for createSessionStore. */
export interface SessionStoreOptions {
  now?: () => number;
  maxLineBytes?: number;
}

/** Sets `key` as the newest entry of a bounded cache, evicting the oldest beyond RECONCILED_CACHE. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > RECONCILED_CACHE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

/** Opens (creating on first write) the session directory `dir`, normally `<workspace>/sessions`. */
export function createSessionStore(dir: string, options: SessionStoreOptions = {}): SessionStore {
  const now = () => new Date((options.now ?? Date.now)()).toISOString();
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  const locked = createKeyedMutex();
  // Line counts verified against the file in this process, and the last meta read or written (this
  // process is the sessions' only writer); both bounded so a long-lived gateway stays small.
  const reconciled = new Map<string, number>();
  const metas = new Map<string, SessionMeta>();
  let dirReady: Promise<unknown> | undefined;

  const logPath = (key: string) => join(dir, `${sessionFileStem(key)}.jsonl`);
  const metaPath = (key: string) => join(dir, `${sessionFileStem(key)}.meta.json`);

  /** The meta for `key`, a private copy (callers change it and write it back). */
  async function readMeta(key: string): Promise<SessionMeta> {
    const cached = metas.get(key);
    if (cached) return structuredClone(cached);
    let meta: SessionMeta;
    try {
      meta = parseMeta(key, await readFile(metaPath(key), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return emptyMeta(key);
    }
    remember(metas, key, structuredClone(meta));
    return meta;
  }

  async function writeMeta(meta: SessionMeta): Promise<void> {
    dirReady ??= mkdir(dir, { recursive: true, mode: 0o700 });
    await dirReady;
    metas.delete(meta.key);
    await writeFileAtomic(metaPath(meta.key), serializeMeta(meta));
    remember(metas, meta.key, structuredClone(meta));
  }

  /** Counts lines once per process, cuts a torn tail left by a crash, and repairs `count` in the meta. */
  async function reconcile(key: string, meta: SessionMeta): Promise<number> {
    const known = reconciled.get(key);
    if (known !== undefined) return known;
    let lines = 0;
    const handle = await open(logPath(key), "r+").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (handle) {
      try {
        const scan = await scanLines(handle);
        lines = scan.lines;
        if (scan.validEnd < scan.size) {
          log.warn("dropping torn last line", { key, bytes: scan.size - scan.validEnd });
          await handle.truncate(scan.validEnd);
          await handle.sync();
        }
      } finally {
        await handle.close();
      }
    }
    if (meta.count !== lines || meta.skip > lines) {
      meta.count = lines;
      meta.skip = Math.min(meta.skip, lines);
      if (!isNewMeta(meta) || lines > 0) await writeMeta(touch(meta));
    }
    remember(reconciled, key, lines);
    return lines;
  }

  function touch(meta: SessionMeta): SessionMeta {
    const stamp = now();
    if (isNewMeta(meta)) meta.createdAt = stamp;
    meta.updatedAt = stamp;
    return meta;
  }

  function encode(message: ChatMessage): Buffer {
    const stored: ChatMessage = { ...message, created_at: message.created_at ?? now() };
    let line = Buffer.from(`${JSON.stringify(stored)}\n`);
    if (line.length > maxLine) {
      // A quarter of the cap in UTF-16 units is always under the cap in UTF-8 bytes.
      const content = `${stored.content.slice(0, Math.floor(maxLine / 4))}\n[truncated: message exceeded the line cap]`;
      line = Buffer.from(`${JSON.stringify({ ...stored, content })}\n`);
    }
    return line;
  }

  return {
    dir,
    append: (key, message) =>
      locked(key, async () => {
        const meta = await readMeta(key);
        const lines = await reconcile(key, meta);
        dirReady ??= mkdir(dir, { recursive: true, mode: 0o700 });
        await dirReady;
        const handle = await open(logPath(key), "a", 0o600);
        try {
          await handle.write(encode(message));
          await handle.sync();
        } finally {
          await handle.close();
        }
        remember(reconciled, key, lines + 1);
        meta.count = lines + 1;
        await writeMeta(touch(meta));
      }),

    history: (key, limit = DEFAULT_HISTORY_LIMIT) =>
      locked(key, async () => {
        const meta = await readMeta(key);
        const lines = await reconcile(key, meta);
        const wanted = Math.min(lines - meta.skip, limit);
        if (wanted <= 0) return [];
        const handle = await open(logPath(key), "r");
        let raw: (string | undefined)[];
        try {
          raw = await readLastLines(handle, (await handle.stat()).size, wanted, maxLine);
        } finally {
          await handle.close();
        }
        const entries: HistoryEntry[] = [];
        raw.forEach((text, index) => {
          const message = text === undefined ? undefined : parseChatMessageLine(text);
          if (message) entries.push({ line: lines - index, message });
        });
        entries.reverse();
        // A tool result without its assistant call is rejected by every provider API.
        while (entries[0]?.message.role === "tool") entries.shift();
        return entries;
      }),

    meta: (key) => locked(key, () => readMeta(key)),

    ensureMeta: (key, scope, aliases) =>
      locked(key, async () => {
        const meta = await readMeta(key);
        const merged = [...new Set([...(meta.aliases ?? []), ...aliases])].filter(
          (a) => a !== "" && a !== key,
        );
        const sameAliases = merged.length === (meta.aliases?.length ?? 0);
        if (!isNewMeta(meta) && sameAliases && JSON.stringify(meta.scope) === JSON.stringify(scope)) return;
        meta.scope = scope;
        meta.aliases = merged;
        await writeMeta(touch(meta));
      }),

    setSummary: (key, summary, skip) =>
      locked(key, async () => {
        const meta = await readMeta(key);
        const lines = await reconcile(key, meta);
        meta.summary = summary;
        if (skip !== undefined) meta.skip = Math.min(lines, Math.max(meta.skip, skip));
        await writeMeta(touch(meta));
      }),

    clear: (key) =>
      locked(key, async () => {
        const meta = await readMeta(key);
        const lines = await reconcile(key, meta);
        meta.skip = lines;
        meta.count = lines;
        meta.summary = "";
        await writeMeta(touch(meta));
      }),
  };
}

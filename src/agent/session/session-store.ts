/**
 * Sessions on disk, byte-compatible with PicoClaw: `sessions/<file>.jsonl` (one ChatMessage per line,
 * append-only) and `<file>.meta.json` (written atomically). Appends are group-committed: `append` is
 * durable when it resolves, `write` + `sync` let a turn write its lines at once and wait for the disk
 * once, with every other session's lines of that moment sharing the flush. History is read from the end
 * of the file (memory follows the visible history, not the file size) and kept for hot sessions in a
 * bounded cache; truncation is logical. The meta's `count` after an append, and an emergency
 * compression's note, are written a moment later (META_DELAY_MS, or `flush`): the count is recounted
 * from the file when a process first opens the session, and a lost note only hides fewer messages.
 */
import { mkdir, open, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChatMessage } from "../../providers/provider.ts";
import { type SessionScope, sessionFileStem } from "../routing/session-key.ts";
import { createAppendLog } from "./append-log.ts";
import { parseChatMessageLine } from "./chat-message.ts";
import { readLastLines, scanLines } from "./jsonl-lines.ts";
import { createKeyedMutex } from "./keyed-mutex.ts";
import {
  cloneMeta,
  emptyMeta,
  isNewMeta,
  parseMeta,
  type SessionMeta,
  serializeMeta,
} from "./session-meta.ts";
import { type Tail, TailCache, type TailCacheLimits, type TailEntry } from "./tail-cache.ts";

const logger = createLogger("session");

/** PicoClaw's per-line cap; longer lines are skipped on read and shortened on write. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
const DEFAULT_HISTORY_LIMIT = 500;
const RECONCILED_CACHE = 256;
/** How long a count-only meta change may wait before it is written. */
export const META_DELAY_MS = 5000;

/** A visible history message and its 1-based raw line number (what `skip` counts). */
export interface HistoryEntry {
  line: number;
  message: ChatMessage;
}

/** Persistent conversation history per session key. Contract: methods on one key never interleave. */
export interface SessionStore {
  readonly dir: string;
  /** Appends one message; durable (fsynced) when it resolves. */
  append(key: string, message: ChatMessage): Promise<void>;
  /** Appends one message; resolves once written (readable, survives the process), before it is durable. */
  write(key: string, message: ChatMessage): Promise<void>;
  /** Resolves when every message written to `key` before the call is durable. */
  sync(key: string): Promise<void>;
  /** Writes pending meta changes and syncs every file; call before the process exits. */
  flush(): Promise<void>;
  /** The visible history (after `skip`), oldest first, at most `limit` messages, never starting with a tool result. */
  history(key: string, limit?: number): Promise<HistoryEntry[]>;
  meta(key: string): Promise<SessionMeta>;
  /** Records scope and aliases (merged with existing aliases). */
  ensureMeta(key: string, scope: SessionScope, aliases: readonly string[]): Promise<void>;
  /**
   * Stores a summary; `skip` (raw lines) only ever moves forward. `deferred`: written with the next
   * deferred meta write (within META_DELAY_MS), for changes a crash may lose without losing messages
   * (an emergency compression is simply done again on the next turn).
   */
  setSummary(key: string, summary: string, skip?: number, deferred?: boolean): Promise<void>;
  /** Hides all history and clears the summary (logical truncation; the file is kept). */
  clear(key: string): Promise<void>;
}

/** Options for createSessionStore. */
export interface SessionStoreOptions {
  now?: () => number;
  maxLineBytes?: number;
  /** Bounds of the in-memory history cache (sessions, bytes, lines per session). */
  tailCache?: Partial<TailCacheLimits> | undefined;
  /** Open append handles kept for idle sessions. */
  maxOpenFiles?: number | undefined;
  /** Called before each fdatasync of a session file (tests check ordering against it). */
  onSync?: ((path: string) => void) | undefined;
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
  const log = createAppendLog({ maxOpen: options.maxOpenFiles, onSync: options.onSync });
  const tails = new TailCache(options.tailCache);
  // Line counts verified against the file in this process, and the last meta read or written (this
  // process is the sessions' only writer); both bounded so a long-lived gateway stays small.
  const reconciled = new Map<string, number>();
  const metas = new Map<string, SessionMeta>();
  // Metas whose changes may wait (the line count, emergency-compression notes), at most META_DELAY_MS.
  const pendingMetas = new Map<string, SessionMeta>();
  let metaTimer: ReturnType<typeof setTimeout> | undefined;
  let dirReady: Promise<unknown> | undefined;
  let dirMade = false;

  const logPath = (key: string) => join(dir, `${sessionFileStem(key)}.jsonl`);
  const metaPath = (key: string) => join(dir, `${sessionFileStem(key)}.meta.json`);
  const ensureDir = () => {
    dirReady ??= mkdir(dir, { recursive: true, mode: 0o700 });
    return dirReady;
  };

  /** The meta for `key`, a private copy (callers change it and write it back). */
  async function readMeta(key: string): Promise<SessionMeta> {
    const cached = pendingMetas.get(key) ?? metas.get(key);
    if (cached) return cloneMeta(cached);
    let meta: SessionMeta;
    try {
      meta = parseMeta(key, await readFile(metaPath(key), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      return emptyMeta(key);
    }
    remember(metas, key, cloneMeta(meta));
    return meta;
  }

  async function writeMeta(meta: SessionMeta): Promise<void> {
    await ensureDir();
    pendingMetas.delete(meta.key);
    metas.delete(meta.key);
    await writeFileAtomic(metaPath(meta.key), serializeMeta(meta));
    remember(metas, meta.key, cloneMeta(meta));
  }

  /** Keeps a meta change in memory and writes it within META_DELAY_MS. Takes `meta` over (callers' last use). */
  function deferMeta(meta: SessionMeta): void {
    pendingMetas.set(meta.key, meta);
    metaTimer ??= setTimeout(() => {
      metaTimer = undefined;
      void writePendingMetas();
    }, META_DELAY_MS);
    metaTimer.unref?.();
  }

  /** Writes every waiting meta; a failure is logged per session (the meta is a view of the file). */
  async function writePendingMetas(): Promise<void> {
    const keys = [...pendingMetas.keys()];
    await Promise.all(
      keys.map((key) =>
        locked(key, async () => {
          const meta = pendingMetas.get(key);
          if (meta) await writeMeta(meta);
        }).catch((error: unknown) => {
          pendingMetas.delete(key);
          logger.warn("could not write session meta", { key, error: String(error) });
        }),
      ),
    );
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
          logger.warn("dropping torn last line", { key, bytes: scan.size - scan.validEnd });
          await handle.truncate(scan.validEnd);
          await handle.sync();
        }
      } finally {
        await handle.close();
      }
    }
    tails.delete(key);
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

  function encode(message: ChatMessage): string {
    const stored: ChatMessage = { ...message, created_at: message.created_at ?? now() };
    let line = `${JSON.stringify(stored)}\n`;
    if (Buffer.byteLength(line) > maxLine) {
      // A quarter of the cap in UTF-16 units is always under the cap in UTF-8 bytes.
      const content = `${stored.content.slice(0, Math.floor(maxLine / 4))}\n[truncated: message exceeded the line cap]`;
      line = `${JSON.stringify({ ...stored, content })}\n`;
    }
    return line;
  }

  /** Reads the last `wanted` raw lines of a file holding `lines` lines into a cacheable tail. */
  async function readTail(key: string, lines: number, wanted: number): Promise<Tail> {
    const handle = await open(logPath(key), "r");
    let raw: (string | undefined)[];
    try {
      raw = await readLastLines(handle, (await handle.stat()).size, wanted, maxLine);
    } finally {
      await handle.close();
    }
    const entries: TailEntry[] = [];
    let bytes = 0;
    raw.forEach((text, index) => {
      const message = text === undefined ? undefined : parseChatMessageLine(text);
      if (message && text !== undefined) {
        entries.push({ line: lines - index, message, size: text.length });
        bytes += text.length;
      }
    });
    entries.reverse();
    return { lines, from: lines - wanted + 1, entries, bytes };
  }

  async function appendLine(key: string, message: ChatMessage): Promise<void> {
    // A waiting meta is the store's own (no caller holds it): changed in place, not copied per line.
    const meta = pendingMetas.get(key) ?? (await readMeta(key));
    const lines = reconciled.get(key) ?? (await reconcile(key, meta));
    if (!dirMade) {
      await ensureDir();
      dirMade = true;
    }
    const text = encode(message);
    await log.write(logPath(key), Buffer.from(text));
    const parsed = parseChatMessageLine(text.slice(0, -1));
    tails.append(key, lines, parsed && { line: lines + 1, message: parsed, size: text.length }, text.length);
    remember(reconciled, key, lines + 1);
    meta.count = lines + 1;
    deferMeta(touch(meta));
  }

  return {
    dir,
    append: async (key, message) => {
      await locked(key, () => appendLine(key, message));
      await log.sync(logPath(key));
    },

    write: (key, message) => locked(key, () => appendLine(key, message)),

    sync: (key) => log.sync(logPath(key)),

    async flush() {
      if (metaTimer !== undefined) clearTimeout(metaTimer);
      metaTimer = undefined;
      await writePendingMetas();
      await log.close();
    },

    history: (key, limit = DEFAULT_HISTORY_LIMIT) =>
      locked(key, async () => {
        // Read only (reconcile changes the meta just once per process): the remembered one, uncopied.
        const known = reconciled.has(key) ? (pendingMetas.get(key) ?? metas.get(key)) : undefined;
        const meta = known ?? (await readMeta(key));
        const lines = await reconcile(key, meta);
        const wanted = Math.min(lines - meta.skip, limit);
        if (wanted <= 0) return [];
        const start = lines - wanted + 1;
        tails.forget(key, meta.skip);
        let tail = tails.get(key);
        if (!tail || tail.lines !== lines || tail.from > start) {
          tail = await readTail(key, lines, Math.max(wanted, Math.min(lines - meta.skip, tails.window)));
          tails.set(key, tail);
        }
        const entries: HistoryEntry[] = [];
        for (const entry of tail.entries)
          if (entry.line >= start) entries.push({ line: entry.line, message: entry.message });
        // A tool result without its assistant call is rejected by every provider API.
        while (entries[0]?.message.role === "tool") entries.shift();
        return entries;
      }),

    meta: (key) => locked(key, () => readMeta(key)),

    ensureMeta: (key, scope, aliases) =>
      locked(key, async () => {
        // Every message of a known chat lands here with what its meta already holds: no copy, no write.
        const known = pendingMetas.get(key) ?? metas.get(key);
        if (known && !isNewMeta(known) && sameScope(known.scope, scope) && holdsAliases(known, key, aliases))
          return;
        const meta = await readMeta(key);
        const merged = [...new Set([...(meta.aliases ?? []), ...aliases])].filter(
          (a) => a !== "" && a !== key,
        );
        const sameAliases = merged.length === (meta.aliases?.length ?? 0);
        if (!isNewMeta(meta) && sameAliases && sameScope(meta.scope, scope)) return;
        meta.scope = scope;
        meta.aliases = merged;
        await writeMeta(touch(meta));
      }),

    setSummary: (key, summary, skip, deferred) =>
      locked(key, async () => {
        const meta = await readMeta(key);
        const lines = await reconcile(key, meta);
        meta.summary = summary;
        if (skip !== undefined) meta.skip = Math.min(lines, Math.max(meta.skip, skip));
        if (deferred) deferMeta(touch(meta));
        else await writeMeta(touch(meta));
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

/**
 * True when merging `aliases` into the meta's would change nothing: each is "", the key, or already
 * there, and the meta's own list has no "", key or duplicate (which the merge would drop and rewrite).
 */
function holdsAliases(meta: SessionMeta, key: string, aliases: readonly string[]): boolean {
  const own = meta.aliases ?? [];
  for (let i = 0; i < own.length; i++) {
    const alias = own[i];
    if (alias === "" || alias === key || own.indexOf(alias as string) !== i) return false;
  }
  return aliases.every((alias) => alias === "" || alias === key || own.includes(alias));
}

/** Field-by-field scope equality (key order of the objects does not matter). */
function sameScope(a: SessionScope | undefined, b: SessionScope): boolean {
  if (!a) return false;
  if (a.version !== b.version || a.agentId !== b.agentId || a.channel !== b.channel) return false;
  if (a.account !== b.account || a.dimensions.join("\u0000") !== b.dimensions.join("\u0000")) return false;
  const keys = Object.keys(b.values);
  if (Object.keys(a.values).length !== keys.length) return false;
  return keys.every((k) => a.values[k] === b.values[k]);
}

/**
 * The media store: `media://` refs for local files, grouped by scope `<channel>:<chatId>:<messageId>`
 * (PicoClaw's FileMediaStore). Its rule: a file is deleted only when the last ref to its path goes,
 * and never if any ref to that path was `forget_only`. Files written by `storeBytes` are owned by the
 * store and bounded by `maxBytes`/`maxFiles`, oldest evicted first.
 */
import { randomBytes } from "node:crypto";
import { statSync, unlinkSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createLogger } from "../lib/logger.ts";
import { type JanitorOptions, startMediaJanitor } from "./janitor.ts";

const log = createLogger("media");

/** What happens to the file when its refs are released or expire. */
export type CleanupPolicy = "delete_on_cleanup" | "forget_only";

/** Facts about a stored file. `source` names the origin, e.g. "telegram" or "tool:image-gen". */
export interface MediaMeta {
  filename?: string | undefined;
  contentType?: string | undefined;
  source?: string | undefined;
  /** Defaults to `delete_on_cleanup`. */
  cleanupPolicy?: CleanupPolicy | undefined;
}

/** How to build a store. */
export interface MediaStoreOptions {
  /** Where `storeBytes` writes; created on first write. */
  dir: string;
  /** Upper bound on bytes of store-owned files (default 32 MiB). */
  maxBytes?: number | undefined;
  /** Upper bound on the number of store-owned files (default 256). */
  maxFiles?: number | undefined;
  /** Clock in epoch ms, for expiry. */
  now?: (() => number) | undefined;
}

/** Ref table over files on disk. Methods never throw for unknown scopes; resolving unknown refs does. */
export interface MediaStore {
  readonly dir: string;
  /** Registers an existing file under `scope`; throws if the file does not exist. */
  store(path: string, meta: MediaMeta, scope: string): string;
  /** Writes bytes into `dir` as a store-owned file (always `delete_on_cleanup`), evicting old ones. */
  storeBytes(data: Uint8Array, meta: MediaMeta, scope: string): Promise<string>;
  /** The local path of a ref; throws for unknown refs. */
  resolve(ref: string): string;
  resolveWithMeta(ref: string): { path: string; meta: MediaMeta };
  /** Forgets every ref of `scope`, deleting files whose last ref went. Idempotent. */
  releaseAll(scope: string): void;
  /** Forgets refs older than `maxAgeMs` (0 or less disables); returns how many. */
  cleanExpired(maxAgeMs: number): number;
  /** Runs cleanExpired every `intervalMs` until `signal` aborts. */
  startJanitor(options: JanitorOptions): void;
  /** Bytes and count of store-owned files now on disk. */
  usage(): { bytes: number; files: number };
}

interface Entry {
  path: string;
  meta: MediaMeta;
  scope: string;
  storedAt: number;
}

interface PathState {
  refs: number;
  deletable: boolean;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_FILES = 256;
const REF_PREFIX = "media://";

/** Creates an empty store. Ids are a random per-process prefix plus a counter (one crypto call). */
export function createMediaStore(options: MediaStoreOptions): MediaStore {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const idPrefix = randomBytes(6).toString("hex");
  let counter = 0;
  const refs = new Map<string, Entry>();
  const scopes = new Map<string, Set<string>>();
  const paths = new Map<string, PathState>();
  /** Store-owned files in write order (oldest first) with their sizes. */
  const owned = new Map<string, number>();
  let ownedBytes = 0;

  const nextId = () => `${idPrefix}-${(counter++).toString(36)}`;

  function register(path: string, meta: MediaMeta, scope: string): string {
    const ref = `${REF_PREFIX}${nextId()}`;
    const policy: CleanupPolicy = meta.cleanupPolicy === "forget_only" ? "forget_only" : "delete_on_cleanup";
    refs.set(ref, { path, meta: { ...meta, cleanupPolicy: policy }, scope, storedAt: now() });
    const members = scopes.get(scope) ?? new Set<string>();
    scopes.set(scope, members.add(ref));
    const state = paths.get(path);
    if (!state) paths.set(path, { refs: 1, deletable: policy === "delete_on_cleanup" });
    else {
      state.refs++;
      // Once any ref borrows the path, this store must never delete it.
      if (policy === "forget_only") state.deletable = false;
    }
    return ref;
  }

  /** Drops one ref; returns the path to delete when it was the last, deletable ref. */
  function release(ref: string): string | undefined {
    const entry = refs.get(ref);
    if (!entry) return undefined;
    refs.delete(ref);
    const members = scopes.get(entry.scope);
    members?.delete(ref);
    if (members?.size === 0) scopes.delete(entry.scope);
    const state = paths.get(entry.path);
    if (!state) return undefined;
    if (state.refs > 1) {
      state.refs--;
      return undefined;
    }
    paths.delete(entry.path);
    return state.deletable ? entry.path : undefined;
  }

  function removeFile(path: string): void {
    const size = owned.get(path);
    if (size !== undefined) {
      owned.delete(path);
      ownedBytes -= size;
    }
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT")
        log.warn("failed to remove file", { path, error });
    }
  }

  /** Deletes the oldest owned file and forgets every ref to it (refs to evicted media stop resolving). */
  function evictOldest(): void {
    const oldest = owned.keys().next();
    if (oldest.done) return;
    for (const [ref, entry] of refs) if (entry.path === oldest.value) release(ref);
    paths.delete(oldest.value);
    removeFile(oldest.value);
    log.debug("evicted media file", { path: oldest.value });
  }

  let writing: Promise<void> = Promise.resolve();

  async function writeOwned(data: Uint8Array, meta: MediaMeta, scope: string): Promise<string> {
    if (data.byteLength > maxBytes) {
      throw new Error(`media store: ${data.byteLength} bytes exceed the ${maxBytes}-byte limit`);
    }
    while (owned.size > 0 && (ownedBytes + data.byteLength > maxBytes || owned.size + 1 > maxFiles)) {
      evictOldest();
    }
    await mkdir(options.dir, { recursive: true });
    const path = join(options.dir, `${nextId()}${extensionOf(meta.filename)}`);
    try {
      await writeFile(path, data);
    } catch (error) {
      removeFile(path); // a partial file (e.g. ENOSPC) must not outlive the failed call
      throw error;
    }
    owned.set(path, data.byteLength);
    ownedBytes += data.byteLength;
    return register(path, { ...meta, cleanupPolicy: "delete_on_cleanup" }, scope);
  }

  function lookup(ref: string): Entry {
    const entry = refs.get(ref);
    if (!entry) throw new Error(`media store: unknown ref: ${ref}`);
    return entry;
  }

  const store: MediaStore = {
    dir: options.dir,
    store(path, meta, scope) {
      statSync(path); // throws ENOENT with the path, like PicoClaw's os.Stat check
      return register(path, meta, scope);
    },
    storeBytes(data, meta, scope) {
      // One write at a time, so concurrent calls cannot evict each other's half-written files.
      const result = writing.then(() => writeOwned(data, meta, scope));
      writing = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
    resolve: (ref) => lookup(ref).path,
    resolveWithMeta(ref) {
      const entry = lookup(ref);
      return { path: entry.path, meta: { ...entry.meta } };
    },
    releaseAll(scope) {
      for (const ref of [...(scopes.get(scope) ?? [])]) {
        const path = release(ref);
        if (path) removeFile(path);
      }
    },
    cleanExpired(maxAgeMs) {
      if (maxAgeMs <= 0) return 0;
      const cutoff = now() - maxAgeMs;
      let removed = 0;
      for (const [ref, entry] of [...refs]) {
        if (entry.storedAt >= cutoff) continue;
        const path = release(ref);
        if (path) removeFile(path);
        removed++;
      }
      return removed;
    },
    startJanitor: (janitorOptions) => startMediaJanitor(store, janitorOptions),
    usage: () => ({ bytes: ownedBytes, files: owned.size }),
  };
  return store;
}

/** A short, safe extension from the original filename, so tools can still infer the type. */
function extensionOf(filename: string | undefined): string {
  const match = filename ? /\.[A-Za-z0-9]{1,8}$/.exec(filename) : null;
  return match ? match[0].toLowerCase() : "";
}

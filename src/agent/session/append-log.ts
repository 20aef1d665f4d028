/**
 * Append-only files with group commit. A write lands in the file at once (readers and a restarted
 * process see it; only a power cut can still lose it); `sync` makes it durable, and one fdatasync covers
 * every line written to that file before the sync started, so lines that arrive together share it.
 * Handles stay open while a file is busy; idle clean handles beyond `maxOpen` are closed, oldest first.
 * The write itself is synchronous (a page-cache copy); only open and fdatasync use the thread pool.
 * Plain descriptors, not FileHandles: a store dropped without `close` must not fail at garbage collection.
 */
import { close, fdatasync, open, writeSync } from "node:fs";

const DONE = Promise.resolve();

/** Default number of open append handles kept for idle files. */
export const DEFAULT_MAX_OPEN = 128;

/** Append and sync on many files. Contract: writes to one path are not issued concurrently. */
export interface AppendLog {
  /** Appends `bytes` (one write) to `path`, creating it with mode 0600; resolves once written. */
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Resolves when everything written to `path` before this call is on disk; rejects if fsync failed. */
  sync(path: string): Promise<void>;
  /** Syncs and closes every handle. */
  close(): Promise<void>;
  /** Open handles (for tests and figures). */
  readonly openFiles: number;
}

/** Test seam and limits. */
export interface AppendLogOptions {
  maxOpen?: number | undefined;
  /** Called just before each fdatasync with the path (tests watch the ordering here). */
  onSync?: ((path: string) => void) | undefined;
}

interface FileState {
  handle: Promise<number>;
  /** The descriptor once `handle` has resolved, so a write to an open file needs no promise hop. */
  fd: number | undefined;
  /** Writes issued, and writes known durable. */
  written: number;
  synced: number;
  syncing: Promise<void> | undefined;
  pending: number;
}

/** Creates an append log. */
export function createAppendLog(options: AppendLogOptions = {}): AppendLog {
  const maxOpen = options.maxOpen ?? DEFAULT_MAX_OPEN;
  // Map order is recency order: a file is moved to the end whenever it is used.
  const files = new Map<string, FileState>();

  function stateOf(path: string): FileState {
    let state = files.get(path);
    if (state) files.delete(path);
    else {
      const opened: FileState = {
        handle: openAppend(path),
        fd: undefined,
        written: 0,
        synced: 0,
        syncing: undefined,
        pending: 0,
      };
      opened.handle.then(
        (fd) => {
          opened.fd = fd;
        },
        // A failed open must not stay cached.
        () => {
          if (files.get(path) === opened) files.delete(path);
        },
      );
      state = opened;
    }
    files.set(path, state);
    return state;
  }

  function isIdle(state: FileState): boolean {
    return state.pending === 0 && state.syncing === undefined && state.synced === state.written;
  }

  function trim(): void {
    if (files.size <= maxOpen) return;
    for (const [path, state] of files) {
      if (files.size <= maxOpen) return;
      if (!isIdle(state)) continue;
      files.delete(path);
      void state.handle.then(closeFd).catch(() => {});
    }
  }

  /** Drops a handle after an I/O error, so the next write reopens the file. */
  function discard(path: string, state: FileState): void {
    if (files.get(path) === state) files.delete(path);
    void state.handle.then(closeFd).catch(() => {});
  }

  async function syncTo(path: string, state: FileState, target: number): Promise<void> {
    while (state.synced < target) {
      if (state.syncing) {
        await state.syncing;
        continue;
      }
      const upTo = state.written;
      const run = (async () => {
        const fd = await state.handle;
        options.onSync?.(path);
        await datasync(fd);
        state.synced = Math.max(state.synced, upTo);
      })();
      state.syncing = run;
      try {
        await run;
      } catch (error) {
        // After a failed fsync the kernel may have dropped the dirty pages: never report them durable.
        discard(path, state);
        throw error;
      } finally {
        state.syncing = undefined;
      }
    }
  }

  /** A write that waits for the file to open first. */
  async function writeOpening(path: string, state: FileState, bytes: Uint8Array): Promise<void> {
    state.pending++;
    try {
      writeAll(await state.handle, bytes);
      state.written++;
    } catch (error) {
      discard(path, state);
      throw error;
    } finally {
      state.pending--;
      trim();
    }
  }

  return {
    get openFiles() {
      return files.size;
    },

    // A small append into the page cache takes microseconds; a thread-pool round trip costs far more,
    // and the turn waits for it. The slow part, the flush, stays asynchronous (sync).
    write(path, bytes) {
      const state = stateOf(path);
      if (state.fd === undefined) return writeOpening(path, state, bytes);
      try {
        writeAll(state.fd, bytes);
        state.written++;
        return DONE;
      } catch (error) {
        discard(path, state);
        return Promise.reject(error);
      } finally {
        trim();
      }
    },

    async sync(path) {
      const state = files.get(path);
      if (!state) return;
      state.pending++;
      try {
        await syncTo(path, state, state.written);
      } finally {
        state.pending--;
        trim();
      }
    },

    async close() {
      const all = [...files];
      files.clear();
      await Promise.all(
        all.map(async ([path, state]) => {
          try {
            await syncTo(path, state, state.written);
          } finally {
            await closeFd(await state.handle);
          }
        }),
      );
    },
  };
}

/** Writes every byte (a regular file takes them in one call; a short write is continued, not lost). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function openAppend(path: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(path, "a", 0o600, (error, fd) => (error ? reject(error) : resolve(fd))),
  );
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}

function closeFd(fd: number): Promise<void> {
  return new Promise((resolve) => close(fd, () => resolve()));
}

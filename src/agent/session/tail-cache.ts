/**
 * The newest parsed lines of hot sessions, so a turn does not re-read and re-parse its history from the
 * file. Bounded by session count and by bytes (UTF-16 units of the line texts); least recently used
 * sessions go first. An entry is kept in step with the file by the store's own writes (the store is the
 * file's only writer); anything unexpected makes the store read the file again.
 */
import type { ChatMessage } from "../../providers/provider.ts";

/** A visible history message and its 1-based raw line number. */
export interface TailEntry {
  line: number;
  message: ChatMessage;
  /** Size of its line, for the byte bound. */
  size: number;
}

/** The cached end of one session file: raw lines `from`..`lines`, parsed (unparseable lines left out). */
export interface Tail {
  lines: number;
  from: number;
  entries: TailEntry[];
  bytes: number;
}

/** Bounds of a cache. */
export interface TailCacheLimits {
  sessions: number;
  bytes: number;
  /** Raw lines kept per session (the longest history a turn asks for). */
  window: number;
}

/** Defaults: enough for a gateway's busy chats, small next to a 64 MB board. */
export const DEFAULT_TAIL_LIMITS: TailCacheLimits = { sessions: 128, bytes: 2 * 1024 * 1024, window: 500 };

/** An LRU of session tails. */
export class TailCache {
  readonly #limits: TailCacheLimits;
  readonly #tails = new Map<string, Tail>();
  #bytes = 0;

  constructor(limits: Partial<TailCacheLimits> = {}) {
    this.#limits = { ...DEFAULT_TAIL_LIMITS, ...limits };
  }

  get size(): number {
    return this.#tails.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get window(): number {
    return this.#limits.window;
  }

  /** The tail of `key` (marked most recently used), or undefined. */
  get(key: string): Tail | undefined {
    const tail = this.#tails.get(key);
    if (!tail) return undefined;
    this.#tails.delete(key);
    this.#tails.set(key, tail);
    return tail;
  }

  set(key: string, tail: Tail): void {
    this.delete(key);
    this.#cut(tail, Math.max(tail.from, tail.lines - this.#limits.window + 1));
    this.#tails.set(key, tail);
    this.#bytes += tail.bytes;
    this.#evict();
  }

  delete(key: string): void {
    const tail = this.#tails.get(key);
    if (!tail) return;
    this.#bytes -= tail.bytes;
    this.#tails.delete(key);
  }

  /**
   * Records one line appended by the store; `lines` is the count before it. A tail that was not at
   * `lines` is out of step and dropped (the next read refills it).
   */
  append(key: string, lines: number, entry: TailEntry | undefined, size: number): void {
    const tail = this.#tails.get(key);
    if (!tail) return;
    if (tail.lines !== lines) {
      this.delete(key);
      return;
    }
    tail.lines = lines + 1;
    if (entry) {
      tail.entries.push(entry);
      tail.bytes += size;
      this.#bytes += size;
    }
    this.forget(key, tail.lines - this.#limits.window);
    this.#evict();
  }

  /** Drops cached lines up to and including `line` (they are hidden by `skip` and never shown again). */
  forget(key: string, line: number): void {
    const tail = this.#tails.get(key);
    if (!tail || line < tail.from) return;
    const before = tail.bytes;
    this.#cut(tail, line + 1);
    this.#bytes -= before - tail.bytes;
  }

  #cut(tail: Tail, from: number): void {
    if (from <= tail.from) return;
    let drop = 0;
    let bytes = 0;
    while (drop < tail.entries.length && (tail.entries[drop]?.line ?? 0) < from) {
      bytes += tail.entries[drop]?.size ?? 0;
      drop++;
    }
    if (drop > 0) tail.entries.splice(0, drop);
    tail.bytes -= bytes;
    tail.from = from;
  }

  #evict(): void {
    for (const [key, tail] of this.#tails) {
      if (this.#tails.size <= this.#limits.sessions && this.#bytes <= this.#limits.bytes) return;
      this.#bytes -= tail.bytes;
      this.#tails.delete(key);
    }
  }
}

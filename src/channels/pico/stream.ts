/**
 * Streamed replies on Pico: the first chunk creates a message, later chunks update the same message_id.
 * Intermediate updates are throttled by time (throttle_seconds) and growth (min_growth_chars, in code
 * points); the final chunk is always sent. Chunks carry the whole text so far, not a delta.
 */

/** What to send for one chunk. */
export type StreamStep = { action: "create" | "update"; messageId: string } | { action: "skip" };

interface StreamState {
  messageId: string;
  length: number;
  at: number;
}

/** Throttle settings and clock. */
export interface StreamOptions {
  throttleMs: number;
  minGrowthChars: number;
  now?: () => number;
  /** Streams tracked at once; the oldest is forgotten beyond this (a stream that never ended). */
  maxStreams?: number;
}

/** Tracks open streams by key (the reply id). */
export class StreamTracker {
  readonly #streams = new Map<string, StreamState>();
  readonly #options: StreamOptions;
  readonly #now: () => number;

  constructor(options: StreamOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Decides what to do with a chunk; `newId` names the message when the stream starts. */
  step(key: string, content: string, final: boolean, newId: () => string): StreamStep {
    const state = this.#streams.get(key);
    if (!state) {
      if (content.trim() === "" && !final) return { action: "skip" };
      return { action: "create", messageId: newId() };
    }
    if (!final) {
      const growth = Array.from(content).length - state.length;
      const elapsed = this.#now() - state.at;
      if (elapsed < this.#options.throttleMs || growth < this.#options.minGrowthChars)
        return { action: "skip" };
    }
    return { action: "update", messageId: state.messageId };
  }

  /** Records a sent chunk; a final chunk closes the stream. */
  commit(key: string, messageId: string, content: string, final: boolean): void {
    this.#streams.delete(key);
    if (final) return;
    this.#streams.set(key, { messageId, length: Array.from(content).length, at: this.#now() });
    const max = this.#options.maxStreams ?? 64;
    for (const oldest of this.#streams.keys()) {
      if (this.#streams.size <= max) break;
      this.#streams.delete(oldest);
    }
  }

  /** Open streams (for tests). */
  get size(): number {
    return this.#streams.size;
  }
}

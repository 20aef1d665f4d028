/**
 * Async producer/consumer queue on a RingBuffer. Producers wait when it is full (backpressure), never
 * grow it and never drop; `close()` refuses new items but consumers still drain what was accepted.
 */
import { AbortedError, QueueClosedError, TimeoutError } from "./errors.ts";
import { QUEUE_SLOTS, RingBuffer } from "./ring-buffer.ts";

/** How long a producer may wait for a free slot. */
export interface PutOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

interface Waiter {
  wake: () => void;
}

/** A bounded FIFO with async `put` and `take`; both sides wait on events, never poll. */
export class BoundedQueue<T> {
  readonly #buffer: RingBuffer<T>;
  readonly #producers: Waiter[] = [];
  readonly #consumers: Waiter[] = [];
  #closed = false;

  readonly name: string;

  constructor(name = "queue", capacity = QUEUE_SLOTS) {
    this.name = name;
    this.#buffer = new RingBuffer<T>(capacity);
  }

  get size(): number {
    return this.#buffer.size;
  }

  get capacity(): number {
    return this.#buffer.capacity;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Adds an item without waiting; false when full. Throws QueueClosedError after close. */
  tryPut(item: T): boolean {
    if (this.#closed) throw new QueueClosedError(this.name);
    if (!this.#buffer.push(item)) return false;
    this.#consumers.shift()?.wake();
    return true;
  }

  /** Adds an item, waiting for a slot while full. Rejects on close, abort or timeout; never drops. */
  async put(item: T, options: PutOptions = {}): Promise<void> {
    for (;;) {
      if (this.tryPut(item)) return;
      await this.#waitForSlot(options);
    }
  }

  /** Takes the oldest item; waits while empty. Resolves undefined once closed and drained. */
  async take(signal?: AbortSignal): Promise<T | undefined> {
    for (;;) {
      const item = this.#buffer.shift();
      if (item !== undefined) {
        this.#producers.shift()?.wake();
        return item;
      }
      if (this.#closed) return undefined;
      if (signal?.aborted) throw new AbortedError(`${this.name} take`);
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { wake: done };
        const onAbort = () => {
          remove(this.#consumers, waiter);
          reject(new AbortedError(`${this.name} take`));
        };
        function done() {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        this.#consumers.push(waiter);
      });
    }
  }

  /** Takes an item only if one is buffered. */
  tryTake(): T | undefined {
    const item = this.#buffer.shift();
    if (item !== undefined) this.#producers.shift()?.wake();
    return item;
  }

  /** Stops new puts (waiting producers are rejected); buffered items remain for consumers. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#producers.splice(0)) waiter.wake();
    for (const waiter of this.#consumers.splice(0)) waiter.wake();
  }

  /** Iterates until the queue is closed and drained, or the signal aborts. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = await this.take();
      if (item === undefined) return;
      yield item;
    }
  }

  #waitForSlot({ signal, timeoutMs }: PutOptions): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError(`${this.name} publish`));
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = { wake: () => finish() };
      const onAbort = () => finish(new AbortedError(`${this.name} publish`));
      const finish = (error?: Error) => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        remove(this.#producers, waiter);
        if (error) reject(error);
        else if (this.#closed) reject(new QueueClosedError(this.name));
        else resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => finish(new TimeoutError(`${this.name} publish`, timeoutMs)), timeoutMs);
      }
      this.#producers.push(waiter);
    });
  }
}

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index >= 0) list.splice(index, 1);
}

/** A counting semaphore with FIFO waiters; `max_parallel_turns` bounds concurrent turns across sessions. */
import { AbortedError } from "../../lib/errors.ts";

/** Slots shared by turns. */
export interface Semaphore {
  /** Waits for a slot; rejects with AbortedError if `signal` aborts first. Returns the release function. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  readonly available: number;
}

/** Creates a semaphore with `size` slots. */
export function createSemaphore(size: number): Semaphore {
  let free = size;
  const waiters: (() => void)[] = [];
  const release = () => {
    const next = waiters.shift();
    if (next) next();
    else free++;
  };
  const once = () => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        release();
      }
    };
  };
  return {
    get available() {
      return free;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AbortedError("turn slot"));
      if (free > 0) {
        free--;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(once());
        };
        const onAbort = () => {
          const index = waiters.indexOf(grant);
          if (index >= 0) waiters.splice(index, 1);
          reject(new AbortedError("turn slot"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiters.push(grant);
      });
    },
  };
}

/**
 * Requests-per-minute token bucket for one candidate: capacity `rpm`, refilled at rpm/60 tokens per
 * second, starting full. Waiting is abortable; clock and sleep are injectable so tests never time.
 */
import { delay } from "../lib/delay.ts";

/** A token bucket. */
export interface RateLimiter {
  /** Takes a token if one is there, without waiting. */
  tryAcquire(): boolean;
  /** Waits for a token; rejects with AbortedError when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<void>;
}

/** Clock and sleep used by the bucket. */
export interface RateLimiterDeps {
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Creates a bucket allowing `rpm` requests per minute (rpm must be > 0). */
export function createRateLimiter(rpm: number, deps: RateLimiterDeps = {}): RateLimiter {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? delay;
  const perMs = rpm / 60_000;
  let tokens = rpm;
  let lastTick = now();

  const refill = () => {
    const t = now();
    tokens = Math.min(rpm, tokens + Math.max(0, t - lastTick) * perMs);
    lastTick = t;
  };

  const tryAcquire = () => {
    refill();
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  return {
    tryAcquire,
    async acquire(signal) {
      // Re-check after each sleep: another caller may have taken the token meanwhile.
      while (!tryAcquire()) {
        await sleep(Math.ceil((1 - tokens) / perMs), signal);
      }
    },
  };
}

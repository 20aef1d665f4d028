/**
 * One delivery attempt series, by error class (PicoClaw's sendWithRetry): a permanent error stops at once,
 * a rate limit waits its retryAfterMs, anything else backs off 500 ms·2ⁿ capped at 8 s, at most 3 retries.
 * Failures come back as values so the worker decides between the outbox and a logged drop.
 */
import { delay } from "../lib/delay.ts";
import { AbortedError } from "../lib/errors.ts";
import type { SentIds } from "./channel.ts";
import { PermanentSendError, RateLimitError } from "./send-error.ts";

/** How a series of attempts ended. */
export type SendOutcome =
  | { ok: true; ids: SentIds }
  | { ok: false; reason: "permanent" | "exhausted" | "disconnected" | "aborted"; error: unknown };

/** Retry policy and I/O. */
export interface RetryOptions {
  maxRetries?: number | undefined;
  baseMs?: number | undefined;
  maxMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Checked before each retry: false stops retrying (the chat went away; the outbox waits for it). */
  isConnected?: (() => boolean) | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** Calls `send` until it succeeds or the policy gives up. Never throws. */
export async function sendWithRetry(
  send: () => Promise<SentIds>,
  options: RetryOptions = {},
): Promise<SendOutcome> {
  const maxRetries = options.maxRetries ?? 3;
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 8000;
  const sleep = options.sleep ?? delay;
  let lastError: unknown;
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    if (options.signal?.aborted) return { ok: false, reason: "aborted", error: new AbortedError("send") };
    try {
      return { ok: true, ids: await send() };
    } catch (error) {
      lastError = error;
      if (error instanceof PermanentSendError) return { ok: false, reason: "permanent", error };
      if (attempt === maxRetries) break;
      const wait =
        error instanceof RateLimitError ? error.retryAfterMs : Math.min(maxMs, baseMs * 2 ** attempt);
      try {
        await sleep(wait, options.signal);
      } catch {
        return { ok: false, reason: "aborted", error };
      }
      if (options.isConnected && !options.isConnected()) return { ok: false, reason: "disconnected", error };
    }
  }
  return { ok: false, reason: "exhausted", error: lastError };
}

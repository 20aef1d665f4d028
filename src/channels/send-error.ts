/**
 * The three ways a channel send can fail, and how the manager reacts to each (PicoClaw's errors.go):
 * permanent → no retry; rate limited → wait `retryAfterMs` (1 s if unknown); temporary → exponential
 * backoff from 500 ms, capped at 8 s, 3 retries. What still fails goes to the outbox.
 */

/** The send can never succeed as is (bad request, unknown chat, channel not running). */
export class PermanentSendError extends Error {
  override readonly name = "PermanentSendError";
  readonly status: number | undefined;
  constructor(message = "send failed", status?: number) {
    super(message);
    this.status = status;
  }
}

/** The platform asked us to slow down. */
export class RateLimitError extends Error {
  override readonly name = "RateLimitError";
  readonly retryAfterMs: number;
  constructor(message = "rate limited", retryAfterMs = 1000) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A failure that may pass (5xx, network, device not connected right now). */
export class TemporarySendError extends Error {
  override readonly name = "TemporarySendError";
  readonly status: number | undefined;
  constructor(message = "temporary failure", status?: number, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** Any classified send failure. */
export type SendError = PermanentSendError | RateLimitError | TemporarySendError;

/**
 * Maps an HTTP status to a send error class: 429 → rate limit, ≥500 → temporary, 400–499 → permanent.
 * Other statuses (2xx/3xx) return the raw error unchanged, which the retry loop treats as temporary.
 */
export function classifySendError(status: number, raw: Error, retryAfterMs?: number): Error {
  const message = `${raw.message} (HTTP ${status})`;
  if (status === 429) return new RateLimitError(message, retryAfterMs);
  if (status >= 500) return new TemporarySendError(message, status);
  if (status >= 400) return new PermanentSendError(message, status);
  return raw;
}

/** A network or timeout failure (no HTTP status): always worth retrying. Keeps the cause. */
export function classifyNetError(error: unknown): TemporarySendError {
  const detail = error instanceof Error ? error.message : String(error);
  return new TemporarySendError(`temporary failure: ${detail}`, undefined, { cause: error });
}

/** The error a channel's send throws while it is stopped (PicoClaw's ErrNotRunning): permanent. */
export function notRunningError(channel?: string): PermanentSendError {
  return new PermanentSendError(channel ? `${channel}: channel not running` : "channel not running");
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds; undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

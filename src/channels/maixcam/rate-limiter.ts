/**
 * Per-connection frame budget: a token bucket (burst = 2 s of the rate) plus an abuse rule. Frames
 * over the budget are dropped; a connection that keeps sending after it ran dry is closed.
 */

/** What to do with one frame. */
export type RateDecision = "accept" | "drop" | "close";

/** Length of the window in which dropped frames are counted. */
export const ABUSE_WINDOW_MS = 10_000;

/** Creates a limiter for `perSecond` frames; 0 disables limiting. `now` is injectable for tests. */
export function createFrameRateLimiter(perSecond: number, now: () => number = Date.now) {
  const capacity = Math.max(1, perSecond * 2);
  // Dropping more than this many frames in one window means the device ignores the limit entirely.
  const abuseThreshold = Math.max(20, perSecond * 10);
  let tokens = capacity;
  let refilledAt = now();
  let windowStart = refilledAt;
  let droppedInWindow = 0;

  return {
    /** Spends one token; `drop` for a frame over budget, `close` once drops pass the abuse threshold. */
    take(): RateDecision {
      if (perSecond <= 0) return "accept";
      const time = now();
      tokens = Math.min(capacity, tokens + ((time - refilledAt) / 1000) * perSecond);
      refilledAt = time;
      if (tokens >= 1) {
        tokens -= 1;
        return "accept";
      }
      if (time - windowStart >= ABUSE_WINDOW_MS) {
        windowStart = time;
        droppedInWindow = 0;
      }
      droppedInWindow++;
      return droppedInWindow > abuseThreshold ? "close" : "drop";
    },
    /** Frames dropped in the current window (1 means this is the first: log it). */
    get droppedInWindow(): number {
      return droppedInWindow;
    },
  };
}

/** A frame rate limiter. */
export type FrameRateLimiter = ReturnType<typeof createFrameRateLimiter>;

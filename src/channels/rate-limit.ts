/**
 * Per-channel token bucket for outbound sends, with PicoClaw's per-type rates (messages per second)
 * and a burst of ceil(rate/2). Waiting is event-free: the bucket computes when the next token is due.
 */
import { delay } from "../lib/delay.ts";

/** Default send rates per channel type: PicoClaw's (manager.go channelRateConfig), plus our local links. */
export const DEFAULT_RATES: Readonly<Record<string, number>> = {
  telegram: 20,
  discord: 1,
  slack: 1,
  matrix: 2,
  line: 10,
  qq: 5,
  irc: 2,
  // Local links with no platform quota to protect: PicoClaw's default 10/s per channel (not per chat)
  // throttled a gateway serving many devices to 10 replies a second in all. 0 = unlimited.
  pico: 0,
  maixcam: 0,
  mqtt: 0,
};

/** Rate for types not in the table. */
export const DEFAULT_RATE = 10;

/** Rate and burst of one bucket. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** The rate for a channel type: an override wins, then the table, then 10/s; burst is ceil(rate/2). */
export function rateLimitFor(type: string, overrides: Readonly<Record<string, number>> = {}): RateLimit {
  const perSecond = overrides[type] ?? DEFAULT_RATES[type] ?? DEFAULT_RATE;
  return { perSecond, burst: Math.max(1, Math.ceil(perSecond / 2)) };
}

/** The rate of one configured channel: its own `rate_limit` wins over the overrides and the type table. */
export function channelRate(
  entry: { type: string; rate_limit?: number | undefined },
  overrides: Readonly<Record<string, number>> = {},
): RateLimit {
  const own = entry.rate_limit;
  return rateLimitFor(entry.type, own === undefined ? overrides : { ...overrides, [entry.type]: own });
}

/** A token bucket; `take` resolves when a token is available. */
export interface TokenBucket {
  take(signal?: AbortSignal): Promise<void>;
}

/** Creates a bucket that starts full. `now` and `sleep` are injectable for tests. */
export function createTokenBucket(
  limit: RateLimit,
  now: () => number = Date.now,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void> = delay,
): TokenBucket {
  if (!(limit.perSecond > 0)) return { take: async () => {} };
  let tokens = limit.burst;
  let updated = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(limit.burst, tokens + ((t - updated) / 1000) * limit.perSecond);
    updated = t;
  };
  return {
    async take(signal) {
      for (;;) {
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        await sleep(Math.ceil(((1 - tokens) / limit.perSecond) * 1000), signal);
      }
    },
  };
}

/**
 * Per-candidate cooldowns for the fallback chain (in memory, as in PicoClaw). A failing candidate
 * is skipped for 1 m, 5 m, 25 m, then 1 h; billing failures for 5 h doubling up to 24 h. Counters
 * restart after 24 h without failures, and one success clears everything.
 */
import type { FailureReason } from "./provider.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const FAILURE_WINDOW_MS = 24 * HOUR;

/** Standard cooldown after `errorCount` failures: min(1 h, 1 m·5^min(n-1, 3)). */
export function standardCooldownMs(errorCount: number): number {
  const n = Math.max(1, errorCount);
  return Math.min(HOUR, MINUTE * 5 ** Math.min(n - 1, 3));
}

/** Billing cooldown after `billingCount` billing failures: min(24 h, 5 h·2^min(n-1, 10)). */
export function billingCooldownMs(billingCount: number): number {
  const n = Math.max(1, billingCount);
  return Math.min(24 * HOUR, 5 * HOUR * 2 ** Math.min(n - 1, 10));
}

interface Entry {
  errorCount: number;
  billingCount: number;
  lastFailureAt: number;
  cooldownEnd: number;
  disabledUntil: number;
  lastReason: FailureReason | undefined;
}

/** Cooldown state keyed by candidate identity. */
export interface CooldownTracker {
  markFailure(key: string, reason: FailureReason): void;
  markSuccess(key: string): void;
  isAvailable(key: string): boolean;
  /** Milliseconds until `key` is available again; 0 when it is. */
  remainingMs(key: string): number;
  errorCount(key: string): number;
  /** The reason of the last failure since the last success, if any. */
  lastReason(key: string): FailureReason | undefined;
}

/** Creates a tracker; `now` is injectable so tests step a clock instead of waiting. */
export function createCooldownTracker(now: () => number = Date.now): CooldownTracker {
  const entries = new Map<string, Entry>();

  const remainingMs = (key: string): number => {
    const entry = entries.get(key);
    if (!entry) return 0;
    const t = now();
    return Math.max(0, entry.disabledUntil - t, entry.cooldownEnd - t);
  };

  return {
    markFailure(key, reason) {
      const t = now();
      let entry = entries.get(key);
      if (!entry) {
        entry = {
          errorCount: 0,
          billingCount: 0,
          lastFailureAt: 0,
          cooldownEnd: 0,
          disabledUntil: 0,
          lastReason: undefined,
        };
        entries.set(key, entry);
      }
      if (entry.lastFailureAt !== 0 && t - entry.lastFailureAt > FAILURE_WINDOW_MS) {
        entry.errorCount = 0;
        entry.billingCount = 0;
      }
      entry.errorCount++;
      entry.lastFailureAt = t;
      entry.lastReason = reason;
      if (reason === "billing") {
        entry.billingCount++;
        entry.disabledUntil = t + billingCooldownMs(entry.billingCount);
      } else {
        entry.cooldownEnd = t + standardCooldownMs(entry.errorCount);
      }
    },
    markSuccess(key) {
      const entry = entries.get(key);
      if (!entry) return;
      entry.errorCount = 0;
      entry.billingCount = 0;
      entry.cooldownEnd = 0;
      entry.disabledUntil = 0;
      entry.lastReason = undefined;
    },
    isAvailable: (key) => remainingMs(key) === 0,
    remainingMs,
    errorCount: (key) => entries.get(key)?.errorCount ?? 0,
    lastReason: (key) => entries.get(key)?.lastReason,
  };
}

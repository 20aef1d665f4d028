/**
 * Background TTL cleanup for the media store (PicoClaw's media_cleanup: max_age 30 min, every 5 min).
 * The timer is unref'd so it never keeps the process alive, and stops when the signal aborts.
 */
import { createLogger } from "../lib/logger.ts";

const log = createLogger("media");

/** How often to sweep and what counts as expired. */
export interface JanitorOptions {
  maxAgeMs: number;
  intervalMs: number;
  signal: AbortSignal;
  /** Called after each sweep with the number of refs removed (tests wait on it). */
  onSweep?: ((removed: number) => void) | undefined;
}

/** The part of the store the janitor needs. */
export interface Expirable {
  cleanExpired(maxAgeMs: number): number;
}

/** Starts sweeping `store` every `intervalMs`; does nothing for non-positive settings or an aborted signal. */
export function startMediaJanitor(store: Expirable, options: JanitorOptions): void {
  const { maxAgeMs, intervalMs, signal, onSweep } = options;
  if (maxAgeMs <= 0 || intervalMs <= 0) {
    log.warn("cleanup skipped: max age and interval must be positive", { maxAgeMs, intervalMs });
    return;
  }
  if (signal.aborted) return;
  const timer = setInterval(() => {
    const removed = store.cleanExpired(maxAgeMs);
    if (removed > 0) log.info("removed expired media", { count: removed });
    onSweep?.(removed);
  }, intervalMs);
  timer.unref?.();
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

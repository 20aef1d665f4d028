/** Polls a gateway's /ready until it answers 200 or the time is up. */
import { delay } from "../lib/delay.ts";

/** The /ready URL of a gateway bound to `host:port` (a wildcard bind is reached on loopback). */
export function readyUrl(host: string, port: number): string {
  const local = host === "" || host === "0.0.0.0" || host === "::" || host === "[::]" ? "127.0.0.1" : host;
  return `http://${local.includes(":") && !local.startsWith("[") ? `[${local}]` : local}:${port}/ready`;
}

/**
 * True once `url` answers 200 within `timeoutMs`; false when it never does. With `only`, an answer
 * counts only while `only()` holds (checked before each poll): after a restart that does not wait,
 * the old process may still be answering.
 */
export async function waitReady(
  url: string,
  timeoutMs: number,
  intervalMs = 500,
  only?: () => Promise<boolean>,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (only && !(await only())) throw new Error("not yet");
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(5000, timeoutMs)) });
      await response.body?.cancel();
      if (response.status === 200) return true;
    } catch {
      // Not listening yet (or restarting, or `only` does not hold yet): try again until the deadline.
    }
    await delay(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
  return false;
}

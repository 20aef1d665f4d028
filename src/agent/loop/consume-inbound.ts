/**
 * Drains the inbound queue into a handler without awaiting each message (so a busy session can be
 * steered), while capping how many taken messages may wait at once, which keeps bus backpressure real.
 */
import type { InboundMessage } from "../../bus/message.ts";
import type { BoundedQueue } from "../../lib/bounded-queue.ts";
import { AbortedError } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";

const log = createLogger("agent");

/** Runs until the queue is closed and drained or `signal` aborts, then waits for every handler. */
export async function consumeInbound(
  queue: BoundedQueue<InboundMessage>,
  handle: (message: InboundMessage) => Promise<unknown>,
  maxInFlight: number,
  signal: AbortSignal,
): Promise<void> {
  const inflight = new Set<Promise<unknown>>();
  let wake: (() => void) | undefined;
  try {
    for (;;) {
      while (inflight.size >= maxInFlight) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      const message = await queue.take(signal);
      if (!message) break;
      const job: Promise<unknown> = handle(message)
        .catch((error: unknown) => log.error("unhandled message failure", { error }))
        .finally(() => {
          inflight.delete(job);
          wake?.();
        });
      inflight.add(job);
    }
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error;
  }
  await Promise.all(inflight);
}

/**
 * Offline mode of the agent loop: keeps messages that found no reachable model, tells each chat once
 * per outage that the answer will come later (and tells every sender whose message could not be kept),
 * and replays kept messages in arrival order when a model answers again — probing with backoff, and
 * at once when any other turn succeeds. Replies go through the normal outbound path.
 */
import type { InboundMessage, MessageContext } from "../../bus/message.ts";
import { delay } from "../../lib/delay.ts";
import { AbortedError, errorMessage } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import type { KeepRefusal, OfflineQueue, QueuedMessage } from "./offline-queue.ts";

const log = createLogger("offline-queue");

/** Told once per chat per outage. */
export const KEPT_NOTICE =
  "The AI model is unreachable right now. I've kept your message and will answer it when the model is back.";

/** Told for every message that could not be kept. */
export function notKeptNotice(reason: KeepRefusal): string {
  const why =
    reason === "too_large"
      ? "it is too large to keep"
      : reason === "full"
        ? "the queue of waiting messages is full"
        : "it could not be saved";
  return `The AI model is unreachable and your message could not be kept (${why}). Please send it again later.`;
}

/** What a replay did: answered (reply published), still unreachable, or the session is busy now. */
export type ReplayOutcome = "answered" | "unreachable" | "busy";

/** How offline mode is wired. */
export interface OfflineModeDeps {
  queue: OfflineQueue;
  /** Runs the kept message's turn and publishes its reply. */
  replay(entry: QueuedMessage, signal: AbortSignal): Promise<ReplayOutcome>;
  /** Publishes a notice to the chat of `context`. */
  notify(context: MessageContext, sessionKey: string, text: string): Promise<void>;
  probeMinMs: number;
  probeMaxMs: number;
  sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
}

/** The loop's view of offline mode. */
export interface OfflineMode {
  /** True when session `key` has kept messages, so a new one must queue behind them. */
  holds(key: string): boolean;
  /** Keeps messages (in order) and tells their senders; the first `recorded` are in the session history. */
  keep(messages: readonly InboundMessage[], key: string, recorded?: number): Promise<void>;
  /** A model answered: replay what is kept now. */
  reachable(): void;
  /** Starts probing for messages left by a previous run; replays stop when `signal` aborts. */
  start(signal: AbortSignal): void;
  /** Resolves when no replay is running. */
  idle(): Promise<void>;
}

/** Creates offline mode over a loaded queue. */
export function createOfflineMode(deps: OfflineModeDeps): OfflineMode {
  const { queue } = deps;
  let signal: AbortSignal = new AbortController().signal;
  let draining: Promise<void> | undefined;
  let wakeProbe: AbortController | undefined;
  let failures = 0;

  const sleep = deps.sleep ?? delay;

  async function drain(): Promise<void> {
    for (let entry = queue.first(); entry && !signal.aborted; entry = queue.first()) {
      let outcome: ReplayOutcome;
      try {
        outcome = await deps.replay(entry, signal);
      } catch (error) {
        if (error instanceof AbortedError) return;
        log.error("replay failed; the message stays kept", { key: entry.key, error: errorMessage(error) });
        outcome = "unreachable";
      }
      if (outcome === "answered") {
        failures = 0;
        await queue.remove(entry);
        continue;
      }
      if (outcome === "unreachable") failures++;
      schedule(outcome === "busy" ? deps.probeMinMs : probeDelay());
      return;
    }
    if (queue.size === 0) {
      failures = 0;
      await queue.clearNotified();
    }
  }

  function probeDelay(): number {
    return Math.min(deps.probeMaxMs, deps.probeMinMs * 2 ** Math.max(0, failures - 1));
  }

  function run(): void {
    if (draining || signal.aborted) return;
    wakeProbe?.abort();
    draining = drain()
      .catch((error: unknown) => log.error("offline queue drain failed", { error: errorMessage(error) }))
      .finally(() => {
        draining = undefined;
      });
  }

  function schedule(ms: number): void {
    wakeProbe?.abort();
    const controller = new AbortController();
    wakeProbe = controller;
    const both = AbortSignal.any([signal, controller.signal]);
    sleep(ms, both).then(
      () => {
        if (wakeProbe === controller) wakeProbe = undefined;
        run();
      },
      () => {},
    );
  }

  return {
    holds: (key) => queue.holds(key),
    async keep(messages, key, recorded = 0) {
      for (const [i, message] of messages.entries()) {
        const kept = await queue.add(key, message, i < recorded);
        const { channel, chatId } = message.context;
        if (!kept.ok) {
          log.warn("message not kept", { channel, chatId, reason: kept.reason });
          await deps.notify(message.context, key, notKeptNotice(kept.reason));
          continue;
        }
        log.info("message kept until a model is reachable", { channel, chatId, kept: queue.size });
        if (await queue.markNotified(channel, chatId)) await deps.notify(message.context, key, KEPT_NOTICE);
      }
      if (!draining && !wakeProbe) schedule(probeDelay());
    },
    reachable() {
      if (queue.size > 0) run();
    },
    start(root) {
      signal = root;
      if (queue.size > 0) schedule(deps.probeMinMs);
    },
    async idle() {
      while (draining) await draining;
    },
  };
}

/**
 * The getUpdates long-poll loop. Its one rule: it never stops on its own except for a rejected token
 * (PicoClaw #216, where polling died silently). Network errors and 5xx back off with jitter, 429 waits
 * retry_after, 409 (another poller on the same token, #667) is logged loudly and retried, and every
 * batch's offset is saved once its updates were handed on, so nothing is processed twice.
 */
import { backoffMs, delay } from "../../lib/delay.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import { type TelegramApi, TelegramApiError } from "./api.ts";
import type { OffsetStore } from "./offset-store.ts";
import { parseUpdate, type TgUpdate, updateIdOf } from "./protocol.ts";

/** What the loop is doing, for readiness. Only "polling" is ready. */
export type PollState = "polling" | "retrying" | "conflict" | "unauthorized";

/** Message logged (at error level) on a 409 Conflict. */
export const CONFLICT_MESSAGE = "another bot instance is polling with this token (Telegram 409)";

/** What the loop needs. */
export interface PollerOptions {
  api: TelegramApi;
  botId: number;
  offsets: OffsetStore;
  /** Handles one parsed update; a throw is logged and the update is skipped. */
  handle(update: TgUpdate): Promise<void>;
  onState(state: PollState): void;
  log: Logger;
  /** getUpdates `timeout` in seconds (long poll); default 30. */
  pollTimeoutSeconds?: number | undefined;
  backoff?: { baseMs: number; maxMs: number } | undefined;
  random?: (() => number) | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/** Polls until `signal` aborts (resolves) or the token is rejected (resolves after reporting it). */
export async function runPoller(options: PollerOptions, signal: AbortSignal): Promise<void> {
  const { api, log } = options;
  const timeout = options.pollTimeoutSeconds ?? 30;
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 30_000 };
  const sleep = options.sleep ?? delay;
  let offset = await options.offsets.load(options.botId);
  let failures = 0;
  let state: PollState | undefined;
  const setState = (next: PollState) => {
    if (next === state) return;
    state = next;
    options.onState(next);
  };

  while (!signal.aborted) {
    let updates: unknown;
    try {
      updates = await api.call(
        "getUpdates",
        { offset, timeout, allowed_updates: ["message"] },
        // The request outlives the long poll by a margin; a silent dead connection still times out.
        { signal, timeoutMs: (timeout + 15) * 1000 },
      );
      if (!Array.isArray(updates)) throw new TelegramApiError("getUpdates", 502, "result is not a list");
    } catch (error) {
      if (signal.aborted) return;
      failures++;
      const wait = classifyFailure(error, failures, backoff, options.random);
      if (wait.state === "unauthorized") {
        log.error("telegram rejected the bot token; polling stopped", { error: errorMessage(error) });
        setState("unauthorized");
        return;
      }
      if (wait.state === "conflict" && state !== "conflict") log.error(CONFLICT_MESSAGE);
      else if (wait.state === "retrying" && failures === 1) {
        log.warn("telegram polling failed, reconnecting", { error: errorMessage(error) });
      }
      setState(wait.state);
      try {
        await sleep(wait.ms, signal);
      } catch {
        return;
      }
      continue;
    }
    if (failures > 0) log.info("telegram polling resumed", { after: failures });
    failures = 0;
    setState("polling");
    offset = await handleBatch(options, updates, offset);
  }
}

async function handleBatch(options: PollerOptions, updates: unknown[], offset: number): Promise<number> {
  let next = offset;
  for (const raw of updates) {
    const id = updateIdOf(raw);
    if (id !== undefined && id >= next) next = id + 1;
    const update = parseUpdate(raw);
    if ("error" in update) {
      options.log.warn("malformed telegram update skipped", { error: update.error });
      continue;
    }
    try {
      await options.handle(update);
    } catch (error) {
      options.log.error("telegram update handler failed", {
        updateId: update.updateId,
        error: errorMessage(error),
      });
    }
  }
  if (next !== offset) {
    await options.offsets.save(options.botId, next).catch((error: unknown) => {
      options.log.warn("telegram offset not saved", { error: errorMessage(error) });
    });
  }
  return next;
}

function classifyFailure(
  error: unknown,
  failures: number,
  backoff: { baseMs: number; maxMs: number },
  random?: () => number,
): { state: PollState; ms: number } {
  const ms = backoffMs(failures - 1, backoff.baseMs, backoff.maxMs, random);
  if (!(error instanceof TelegramApiError)) return { state: "retrying", ms };
  // 401 Unauthorized for a revoked token, 404 Not Found for a malformed one.
  if (error.code === 401 || error.code === 404) return { state: "unauthorized", ms };
  if (error.code === 409) return { state: "conflict", ms };
  if (error.code === 429) return { state: "retrying", ms: error.retryAfterMs ?? ms };
  return { state: "retrying", ms };
}

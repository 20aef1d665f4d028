/**
 * The model client the agent calls: a Provider over a model_list alias that tries candidates in
 * order (skipping cooled-down ones, waiting on RPM buckets), falls back on retriable failures,
 * retries transient ones with linear backoff, and never retries once output has been streamed.
 * Context overflow and format errors end the call at once, so the agent can compress and retry.
 */
import { delay } from "../lib/delay.ts";
import { createLogger } from "../lib/logger.ts";
import { isRetriable, isTransient } from "./classify.ts";
import { type CooldownTracker, createCooldownTracker } from "./cooldown.ts";
import type { ProviderFailure } from "./http-failure.ts";
import { isUnreachable } from "./is-unreachable.ts";
import type { ModelEntry } from "./model-entry.ts";
import type { ChatRequest, Provider, ProviderEvent } from "./provider.ts";
import { createProviderFor } from "./registry.ts";
import { type Candidate, resolveCandidates } from "./resolve.ts";
import { createRateLimiter, type RateLimiter } from "./rpm.ts";

const log = createLogger("providers");

/** The user-facing text when no model can be called. */
export function describeNoModel(): string {
  return (
    "No model is configured. Set OPENAI_API_KEY or ANTHROPIC_API_KEY, run Ollama on 127.0.0.1:11434, " +
    'or add a model_list entry to config.json (for example {"model_name": "gpt", "model": "openai/gpt-5.4", ' +
    '"api_keys": ["sk-…"]}) and set agents.defaults.model_name to it.'
  );
}

/** How to build a model client. */
export interface ModelClientOptions {
  modelList: readonly ModelEntry[];
  modelName: string;
  /** `agents.defaults.model_fallbacks`. */
  fallbacks?: readonly string[] | undefined;
  /** `max_llm_retries` (default 2). */
  maxRetries?: number | undefined;
  /** `llm_retry_backoff_secs` in ms (default 2000); retry n waits (n+1)×this. */
  retryBackoffMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  now?: (() => number) | undefined;
  /** Abortable sleep for backoff and RPM waits (tests step a fake clock instead). */
  sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
  /** Shares cooldown state between clients (default: one tracker per client). */
  cooldowns?: CooldownTracker | undefined;
  streamIdleMs?: number | undefined;
}

type Outcome = { ok: true } | { ok: false; failure: ProviderFailure; visible: boolean; skippedAll?: boolean };

const canceled = (): ProviderFailure => ({ type: "error", reason: "canceled", message: "request canceled" });

/** Creates the fallback-aware client for `options.modelName`. */
export function createModelClient(options: ModelClientOptions): Provider {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? delay;
  const cooldowns = options.cooldowns ?? createCooldownTracker(now);
  const limiters = new Map<string, RateLimiter>();
  const providers = new Map<string, Provider | undefined>();
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const backoffMs = Math.max(0, options.retryBackoffMs ?? 2000);
  let turn = 0;

  const providerFor = (c: Candidate) => {
    if (!providers.has(c.key)) {
      providers.set(
        c.key,
        createProviderFor(c, { fetch: options.fetch, streamIdleMs: options.streamIdleMs }),
      );
    }
    return providers.get(c.key);
  };

  const limiterFor = (c: Candidate) => {
    if (c.rpm <= 0) return undefined;
    let limiter = limiters.get(c.key);
    if (!limiter) {
      limiter = createRateLimiter(c.rpm, { now, sleep });
      limiters.set(c.key, limiter);
    }
    return limiter;
  };

  /** One call on one candidate; a failed stream with nothing shown is retried once without streaming. */
  async function* attempt(
    c: Candidate,
    request: ChatRequest,
    signal: AbortSignal,
  ): AsyncGenerator<ProviderEvent, Outcome> {
    const provider = providerFor(c);
    if (!provider) {
      const message = `provider ${c.provider} has no adapter`;
      return { ok: false, failure: { type: "error", reason: "format", message }, visible: false };
    }
    const streaming = request.stream === true && c.streaming;
    let visible = false;
    for (const stream of streaming ? [true, false] : [false]) {
      let failure: ProviderFailure | undefined;
      for await (const event of provider.chat({ ...request, stream }, signal)) {
        if (event.type === "error") {
          failure = event;
          break;
        }
        if (event.type === "done") {
          yield { type: "done", result: { ...event.result, modelName: c.modelName } } satisfies ProviderEvent;
          return { ok: true };
        }
        visible = true;
        yield event;
      }
      failure ??= { type: "error", reason: "network", message: "stream ended without a result" };
      if (visible || failure.reason === "canceled" || !stream) return { ok: false, failure, visible };
      log.warn("stream failed before output; retrying without streaming", { model: c.modelName });
    }
    return { ok: false, failure: canceled(), visible };
  }

  /** One pass over the candidates. */
  async function* chain(
    candidates: Candidate[],
    request: ChatRequest,
    signal: AbortSignal,
  ): AsyncGenerator<ProviderEvent, Outcome> {
    // With one candidate there is nothing to fall back to; cooling it down would only lock the user out.
    const useCooldown = candidates.length > 1;
    // Cooled-down candidates are dropped up front so the last *ready* one is the one that waits on RPM.
    const ready = useCooldown ? candidates.filter((c) => cooldowns.isAvailable(c.key)) : candidates;
    let last: ProviderFailure | undefined;
    for (const [i, c] of ready.entries()) {
      if (signal.aborted) return { ok: false, failure: canceled(), visible: false };
      const limiter = limiterFor(c);
      if (limiter && !limiter.tryAcquire()) {
        // Locally saturated: prefer another candidate; only the last one waits for a token.
        if (i < ready.length - 1) continue;
        try {
          await limiter.acquire(signal);
        } catch {
          return { ok: false, failure: canceled(), visible: false };
        }
      }
      const outcome: Outcome = yield* attempt(c, request, signal);
      if (outcome.ok) {
        cooldowns.markSuccess(c.key);
        return outcome;
      }
      const { failure } = outcome;
      if (outcome.visible || !isRetriable(failure.reason)) return outcome;
      if (useCooldown) cooldowns.markFailure(c.key, failure.reason);
      if (i < ready.length - 1)
        log.warn("model failed; trying fallback", { model: c.modelName, reason: failure.reason });
      last = failure;
    }
    if (last) return { ok: false, failure: last, visible: false };
    const wait = Math.min(...candidates.map((c) => cooldowns.remainingMs(c.key)));
    // Cooling down because every one was unreachable is still an outage (the offline queue keeps the message).
    const unreachable = candidates.every((c) => {
      const reason = cooldowns.lastReason(c.key);
      return reason !== undefined && isUnreachable(reason);
    });
    const failure: ProviderFailure = {
      type: "error",
      reason: unreachable ? "network" : "rate_limit",
      message: unreachable
        ? "every configured model is cooling down after being unreachable"
        : "every configured model is cooling down after recent failures",
      ...(Number.isFinite(wait) && wait > 0 ? { retryAfterMs: wait } : {}),
    };
    return { ok: false, failure, visible: false, skippedAll: true };
  }

  async function* chat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    const candidates = resolveCandidates(options.modelList, options.modelName, {
      fallbacks: options.fallbacks,
      turn: turn++,
    });
    if (candidates.length === 0) {
      yield { type: "error", reason: "unknown", message: describeNoModel() };
      return;
    }
    let previous: ProviderFailure | undefined;
    for (let retry = 0; ; retry++) {
      const outcome: Outcome = yield* chain(candidates, request, signal);
      if (outcome.ok) return;
      // A retry pass that found every candidate cooling down reports the failure that caused it.
      const failure = outcome.skippedAll && previous ? previous : outcome.failure;
      previous = failure;
      const again = !outcome.visible && !outcome.skippedAll && isTransient(failure.reason);
      if (!again || retry >= maxRetries || signal.aborted) {
        if (!signal.aborted) log.warn("LLM call failed", { reason: failure.reason, attempts: retry + 1 });
        yield signal.aborted ? canceled() : failure;
        return;
      }
      const waitMs = (retry + 1) * backoffMs;
      log.warn("transient LLM error; retrying", { reason: failure.reason, retry: retry + 1, waitMs });
      try {
        await sleep(waitMs, signal);
      } catch {
        yield canceled();
        return;
      }
    }
  }

  return { name: "fallback", model: options.modelName, chat };
}

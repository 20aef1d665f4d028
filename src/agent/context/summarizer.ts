/**
 * Background summarization (PicoClaw's legacy context manager): after a turn, when the visible history
 * passes the message threshold or most of the context window, older turns are summarized by the model,
 * the summary goes into the meta file and `skip` moves past them. One job per session at a time, and at
 * most MAX_SUMMARY_JOBS at once, so a burst over many sessions does not start a model call per session.
 */
import { createLogger } from "../../lib/logger.ts";
import type { ChatMessage, Provider } from "../../providers/provider.ts";
import type { HistoryEntry, SessionStore } from "../session/session-store.ts";
import { collectResponse } from "../turn/collect-response.ts";
import { estimateMessagesTokens, estimateTextTokens } from "../turn/estimate-tokens.ts";

const log = createLogger("summarize");

/** Tunables, from agents.defaults. */
export interface SummarizerOptions {
  provider: Provider;
  store: SessionStore;
  contextWindow: number;
  messageThreshold?: number | undefined;
  tokenPercent?: number | undefined;
  /** Roughly how many recent messages stay verbatim. */
  keepRecent?: number | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Summaries running at once across sessions; a session asked beyond it is tried after its next turn. */
  maxJobs?: number | undefined;
}

/** Default bound on concurrent summary calls (each one is a model call and a copy of a history). */
export const MAX_SUMMARY_JOBS = 2;

/**
 * A summary rides on every later request of its session and in the session cache, so its size is bounded
 * twice: the call asks for at most SUMMARY_MAX_TOKENS, and a model that ignores that (or a proxy that
 * drops the field) is cut at SUMMARY_MAX_CHARS, at a word boundary.
 */
export const SUMMARY_MAX_TOKENS = 1024;
export const SUMMARY_MAX_CHARS = 6000;

/** `text` cut to SUMMARY_MAX_CHARS at the last whitespace before it, with an ellipsis. */
export function boundSummary(text: string): string {
  if (text.length <= SUMMARY_MAX_CHARS) return text;
  const cut = text.lastIndexOf(" ", SUMMARY_MAX_CHARS - 1);
  return `${text.slice(0, cut > SUMMARY_MAX_CHARS / 2 ? cut : SUMMARY_MAX_CHARS - 1)}…`;
}

/** Starts summarization jobs and lets tests and shutdown wait for them. */
export interface Summarizer {
  /** Checks the thresholds and, if needed, starts a job in the background. Never throws. */
  maybeSummarize(key: string): void;
  /** Resolves when no job is running for `key` (or for any session). */
  idle(key?: string): Promise<void>;
}

/** Index of the turn boundary (a user message) that leaves about `keepRecent` messages; 0 when none. */
export function summaryCut(entries: readonly HistoryEntry[], keepRecent: number): number {
  for (let i = Math.max(0, entries.length - keepRecent); i > 0; i--) {
    if (entries[i]?.message.role === "user") return i;
  }
  return 0;
}

/** Creates a summarizer. */
export function createSummarizer(options: SummarizerOptions): Summarizer {
  const threshold = options.messageThreshold ?? 20;
  const percent = options.tokenPercent ?? 75;
  const keepRecent = options.keepRecent ?? 4;
  const maxJobs = Math.max(1, options.maxJobs ?? MAX_SUMMARY_JOBS);
  const jobs = new Map<string, Promise<void>>();

  async function summarizeBatch(
    batch: readonly ChatMessage[],
    existing: string,
  ): Promise<string | undefined> {
    const lines = batch.map((m) => `${m.role}: ${m.content}`).join("\n");
    const prompt = [
      "Summarize this part of a conversation in a few short paragraphs. Keep names, decisions, open tasks,",
      "facts about the user, and what tools were used for and found; drop small talk.",
      existing ? `\nSummary so far: ${existing}\n` : "",
      `\nCONVERSATION:\n${lines}`,
    ].join("\n");
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const outcome = await collectResponse(
      options.provider,
      { messages: [{ role: "user", content: prompt }], maxTokens: SUMMARY_MAX_TOKENS },
      signal,
    );
    if (!outcome.ok) {
      log.warn("summary call failed", { reason: outcome.reason, message: outcome.message });
      return undefined;
    }
    return boundSummary(outcome.result.content.trim()) || undefined;
  }

  async function run(key: string): Promise<void> {
    const entries = await options.store.history(key);
    const tokens = estimateMessagesTokens(entries.map((e) => e.message));
    if (entries.length <= threshold && tokens <= (options.contextWindow * percent) / 100) return;
    const cut = summaryCut(entries, keepRecent);
    const boundary = entries[cut];
    if (cut === 0 || !boundary) return;
    const limit = options.contextWindow / 2;
    // Tool chatter and oversized messages would blow the summary call itself; PicoClaw skips them too.
    const batch = entries
      .slice(0, cut)
      .map((e) => e.message)
      .filter((m) => (m.role === "user" || m.role === "assistant") && m.content.trim() !== "")
      .filter((m) => estimateTextTokens(m.content) <= limit);
    const existing = (await options.store.meta(key)).summary;
    let summary: string | undefined;
    if (batch.length > 10) {
      const half = Math.floor(batch.length / 2);
      const first = await summarizeBatch(batch.slice(0, half), existing);
      const second = first === undefined ? undefined : await summarizeBatch(batch.slice(half), first);
      summary = second;
    } else {
      summary = await summarizeBatch(batch, existing);
    }
    if (summary === undefined) return;
    await options.store.setSummary(key, summary, boundary.line - 1);
    log.info("session summarized", { key, messages: cut });
  }

  return {
    maybeSummarize(key) {
      if (jobs.has(key) || jobs.size >= maxJobs) return;
      const job = run(key)
        .catch((error: unknown) => log.warn("summarization failed", { key, error }))
        .finally(() => jobs.delete(key));
      jobs.set(key, job);
    },
    async idle(key) {
      if (key !== undefined) await jobs.get(key);
      else await Promise.all(jobs.values());
    },
  };
}

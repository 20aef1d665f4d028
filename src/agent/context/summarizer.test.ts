import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChatMessage } from "../../providers/provider.ts";
import { createSessionStore, type SessionStore } from "../session/session-store.ts";
import { createScriptedProvider } from "../testing/scripted-provider.ts";
import {
  boundSummary,
  createSummarizer,
  SUMMARY_MAX_CHARS,
  SUMMARY_MAX_TOKENS,
  summaryCut,
} from "./summarizer.ts";

let dir: string;
let store: SessionStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "summ-"));
  store = createSessionStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fill(key: string, turns: number): Promise<void> {
  for (let i = 1; i <= turns; i++) {
    await store.append(key, { role: "user", content: `q${i}` });
    await store.append(key, {
      role: "assistant",
      content: "",
      tool_calls: [{ id: `c${i}`, type: "function", function: { name: "t", arguments: "{}" } }],
    });
    await store.append(key, { role: "tool", content: `tool${i}`, tool_call_id: `c${i}` });
    await store.append(key, { role: "assistant", content: `a${i}` });
  }
}

describe("summaryCut", () => {
  test("cuts at the user message that keeps about the last four messages", () => {
    const roles: ChatMessage["role"][] = [
      "user",
      "assistant",
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
      "assistant",
    ];
    const entries = roles.map((role, i) => ({ line: i + 1, message: { role, content: String(i) } }));
    expect(summaryCut(entries, 4)).toBe(2);
    expect(summaryCut(entries.slice(0, 3), 4)).toBe(0);
  });
});

describe("createSummarizer", () => {
  test("runs at most maxJobs summaries at once; a session asked beyond it is summarized later", async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const provider = createScriptedProvider([{ gate, text: "s1" }, { gate, text: "s2" }, { text: "s3" }]);
    for (const key of ["a", "b", "c"]) await fill(key, 6);
    const summarizer = createSummarizer({ provider, store, contextWindow: 100_000, maxJobs: 2 });
    for (const key of ["a", "b", "c"]) summarizer.maybeSummarize(key);
    open();
    await summarizer.idle();
    expect((await store.meta("c")).summary).toBe("");
    expect(provider.requests.length).toBe(2);
    summarizer.maybeSummarize("c");
    await summarizer.idle();
    expect((await store.meta("c")).summary).toBe("s3");
  });

  test("does nothing under both thresholds", async () => {
    const provider = createScriptedProvider();
    await fill("k", 2);
    const summarizer = createSummarizer({ provider, store, contextWindow: 100_000 });
    summarizer.maybeSummarize("k");
    await summarizer.idle("k");
    expect(provider.requests.length).toBe(0);
  });

  test("summarizes long histories in two halves without tool messages, then advances skip", async () => {
    const provider = createScriptedProvider([{ text: "first half" }, { text: "whole story" }]);
    await fill("k", 7);
    const summarizer = createSummarizer({ provider, store, contextWindow: 100_000 });
    summarizer.maybeSummarize("k");
    summarizer.maybeSummarize("k");
    await summarizer.idle();
    expect(provider.requests.length).toBe(2);
    const firstPrompt = provider.requests[0]?.messages[0]?.content ?? "";
    expect(firstPrompt).toContain("user: q1");
    expect(firstPrompt).not.toContain("tool1");
    expect(provider.requests[1]?.messages[0]?.content).toContain("Summary so far: first half");
    const meta = await store.meta("k");
    expect(meta).toMatchObject({ summary: "whole story", skip: 24 });
    expect((await store.history("k")).map((e) => e.message.content)).toEqual(["q7", "", "tool7", "a7"]);
  });

  test("keeps the history when the summary call fails", async () => {
    const provider = createScriptedProvider([{ error: { reason: "network" } }]);
    await fill("k", 6);
    const summarizer = createSummarizer({ provider, store, contextWindow: 100_000 });
    summarizer.maybeSummarize("k");
    await summarizer.idle();
    expect(await store.meta("k")).toMatchObject({ summary: "", skip: 0 });
  });

  test("asks for a bounded summary and cuts one that is longer anyway", async () => {
    // A model that ignores max_tokens (or echoes the prompt) must not grow every later request.
    const provider = createScriptedProvider([{ text: "word ".repeat(5000) }]);
    await fill("k", 6);
    const summarizer = createSummarizer({ provider, store, contextWindow: 100_000 });
    summarizer.maybeSummarize("k");
    await summarizer.idle();
    expect(provider.requests[0]?.maxTokens).toBe(SUMMARY_MAX_TOKENS);
    const { summary } = await store.meta("k");
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(summary.endsWith("word…")).toBe(true);
  });
});

describe("boundSummary", () => {
  test("keeps a summary within the bound as it is", () => {
    expect(boundSummary("short summary")).toBe("short summary");
  });

  test("cuts at a word boundary when there is one, else at the bound", () => {
    expect(boundSummary("x".repeat(SUMMARY_MAX_CHARS + 10))).toBe(`${"x".repeat(SUMMARY_MAX_CHARS - 1)}…`);
  });
});

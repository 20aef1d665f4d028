import { describe, expect, test } from "bun:test";
import type { ChatMessage } from "../../providers/provider.ts";
import { createScriptedProvider, type ScriptStep } from "../testing/scripted-provider.ts";
import { createTestTools } from "../testing/test-tools.ts";
import { EMPTY_RESPONSE, SKIPPED_FOR_STEERING, TOOL_LIMIT_RESPONSE } from "./replies.ts";
import { runTurn, type TurnOptions } from "./run-turn.ts";
import { createSteeringQueue } from "./steering-queue.ts";

const user = (content: string): ChatMessage => ({ role: "user", content });

function options(
  overrides: Partial<TurnOptions> & Pick<TurnOptions, "provider">,
): TurnOptions & { recorded: ChatMessage[] } {
  const recorded: ChatMessage[] = [];
  return {
    limits: { maxTokens: 100, contextWindow: 100_000, maxToolIterations: 5 },
    system: "sys",
    history: [],
    input: [user("hello")],
    toolContext: { channel: "telegram", chatId: "42", sessionKey: "k", workspace: "/ws", isInternal: false },
    signal: new AbortController().signal,
    record: async (m) => {
      recorded.push(m);
    },
    recorded,
    ...overrides,
  };
}

describe("runTurn", () => {
  test("answers directly, sending system + history + input and streaming deltas", async () => {
    const provider = createScriptedProvider([{ text: "hi there, friend" }]);
    const deltas: string[] = [];
    const opts = options({
      provider,
      history: [user("old"), { role: "assistant", content: "ok" }],
      sink: { delta: (t) => deltas.push(t), end: () => {} },
    });
    const result = await runTurn(opts);
    expect(result).toMatchObject({ status: "completed", reply: "hi there, friend", iterations: 1 });
    expect(provider.requests[0]?.messages.map((m) => m.content)).toEqual(["sys", "old", "ok", "hello"]);
    expect(deltas.join("")).toBe("hi there, friend");
    expect(opts.recorded.map((m) => [m.role, m.content])).toEqual([
      ["user", "hello"],
      ["assistant", "hi there, friend"],
    ]);
  });

  test("runs tool calls sequentially and feeds results back", async () => {
    const order: string[] = [];
    const tools = createTestTools({
      a: async () => {
        order.push("a");
        return { content: "A" };
      },
      b: async () => {
        order.push("b");
        return { content: "B", isError: true };
      },
    });
    const provider = createScriptedProvider([
      {
        toolCalls: [
          { name: "a", args: { x: 1 } },
          { name: "b", args: {} },
        ],
      },
      { text: "done" },
    ]);
    const opts = options({ provider, tools });
    const result = await runTurn(opts);
    expect(result.reply).toBe("done");
    expect(order).toEqual(["a", "b"]);
    expect(tools.calls[0]?.args).toEqual({ x: 1 });
    expect(tools.calls[0]?.context.chatId).toBe("42");
    const toolMessages = provider.requests[1]?.messages
      .filter((m) => m.role === "tool")
      .map((m) => m.content);
    expect(toolMessages).toEqual(["A", "Error: B"]);
  });

  test("a queued user message skips the remaining tool calls and joins the turn", async () => {
    const steering = createSteeringQueue("one-at-a-time");
    const tools = createTestTools({
      slow: async () => {
        steering.push(user("actually, stop that"));
        return { content: "first done" };
      },
      never: async () => ({ content: "should not run" }),
    });
    const provider = createScriptedProvider([
      {
        toolCalls: [
          { name: "slow", args: {} },
          { name: "never", args: {} },
        ],
      },
      { text: "ok, stopped" },
    ]);
    const result = await runTurn(options({ provider, tools, steering }));
    expect(tools.calls.map((c) => c.name)).toEqual(["slow"]);
    const messages = provider.requests[1]?.messages ?? [];
    expect(messages.filter((m) => m.role === "tool").map((m) => m.content)).toEqual([
      "first done",
      SKIPPED_FOR_STEERING,
    ]);
    expect(messages.at(-1)).toEqual(user("actually, stop that"));
    expect(result.reply).toBe("ok, stopped");
  });

  test("stops at max_tool_iterations with PicoClaw's message", async () => {
    const tools = createTestTools({ loop: async () => ({ content: "again" }) });
    const steps: ScriptStep[] = Array.from({ length: 3 }, () => ({
      toolCalls: [{ name: "loop", args: {} }],
    }));
    const opts = options({ provider: createScriptedProvider(steps), tools });
    opts.limits = { ...opts.limits, maxToolIterations: 3 };
    const result = await runTurn(opts);
    expect(result).toMatchObject({ status: "tool_limit", reply: TOOL_LIMIT_RESPONSE, iterations: 3 });
  });

  test("an empty final answer becomes the empty-response notice", async () => {
    const result = await runTurn(options({ provider: createScriptedProvider([{ text: "  " }]) }));
    expect(result.reply).toBe(EMPTY_RESPONSE);
  });

  test("on context overflow drops the oldest half of the turns and retries once", async () => {
    const history = [
      user("t1"),
      { role: "assistant" as const, content: "r1" },
      user("t2"),
      { role: "assistant" as const, content: "r2" },
    ];
    const provider = createScriptedProvider([
      { error: { reason: "context_overflow" } },
      { text: "fits now" },
    ]);
    let dropped = 0;
    const opts = options({
      provider,
      history,
      onCompressed: async (n) => {
        dropped = n;
      },
    });
    const result = await runTurn(opts);
    expect(result.reply).toBe("fits now");
    expect(dropped).toBe(2);
    expect(provider.requests[1]?.messages.map((m) => m.content)).toEqual(["sys", "t2", "r2", "hello"]);
  });

  test("a second overflow fails the turn instead of looping", async () => {
    const provider = createScriptedProvider([
      { error: { reason: "context_overflow", message: "too long" } },
      { error: { reason: "context_overflow", message: "too long" } },
    ]);
    const result = await runTurn(options({ provider, history: [user("a"), user("b")] }));
    expect(result.status).toBe("failed");
    expect(result.reply).toContain("too long");
  });

  test("compresses before the call when the estimate exceeds the window", async () => {
    const history = [
      user("x".repeat(1000)),
      { role: "assistant" as const, content: "y".repeat(1000) },
      user("recent"),
    ];
    const provider = createScriptedProvider([{ text: "ok" }]);
    const opts = options({ provider, history });
    opts.limits = { ...opts.limits, contextWindow: 700, maxTokens: 100 };
    await runTurn(opts);
    expect(provider.requests[0]?.messages.map((m) => m.content)).toEqual(["sys", "recent", "hello"]);
  });

  test("what the running turn adds counts toward the next call's check", async () => {
    // The history fits at the first call; a large tool result makes the second call overflow, so the
    // older history goes before it (the running total must include the messages added during the turn).
    const tools = createTestTools({ fetch: async () => ({ content: "r".repeat(1500) }) });
    const provider = createScriptedProvider([{ toolCalls: [{ name: "fetch", args: {} }] }, { text: "done" }]);
    const history = [user("a".repeat(200)), { role: "assistant" as const, content: "b".repeat(200) }];
    const opts = options({ provider, tools, history });
    const toolTokens = Math.floor((JSON.stringify(tools.definitions()).length * 2) / 5);
    opts.limits = { ...opts.limits, contextWindow: toolTokens + 600, maxTokens: 100 };
    await runTurn(opts);
    expect(provider.requests[0]?.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    expect(provider.requests[1]?.messages.map((m) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
    ]);
  });

  test("the check before a call never drops the running turn's tool calls and results", async () => {
    // Several large tool schemas push the estimate over a small window (max_tokens 1024 gives a
    // 4096-token window by default): the results must still reach the model, or it calls again forever.
    const tools = createTestTools({ lookup: async () => ({ content: "RESULT" }) });
    const provider = createScriptedProvider([
      { toolCalls: [{ name: "lookup", args: {} }] },
      { text: "answered" },
    ]);
    const opts = options({
      provider,
      tools,
      system: "s".repeat(9000),
      history: [user("earlier"), { role: "assistant" as const, content: "ok" }],
    });
    opts.limits = { ...opts.limits, contextWindow: 4096, maxTokens: 1024 };
    const result = await runTurn(opts);
    expect(result).toMatchObject({ status: "completed", reply: "answered" });
    const second = provider.requests[1]?.messages.map((m) => [m.role, m.content]);
    expect(second).toEqual([
      ["system", "s".repeat(9000)],
      ["user", "hello"],
      ["assistant", ""],
      ["tool", "RESULT"],
    ]);
  });

  test("notes when the message tool already answered this chat", async () => {
    const tools = createTestTools({ message: async () => ({ content: "sent" }) });
    const provider = createScriptedProvider([
      { toolCalls: [{ name: "message", args: { content: "hi" } }] },
      { text: "I told them." },
    ]);
    expect((await runTurn(options({ provider, tools }))).sentToChat).toBe(true);
    const other = createScriptedProvider([
      { toolCalls: [{ name: "message", args: { content: "hi", chat_id: "99" } }] },
      { text: "x" },
    ]);
    expect((await runTurn(options({ provider: other, tools }))).sentToChat).toBe(false);
  });

  test("aborting mid-call ends the turn as canceled with no reply", async () => {
    const controller = new AbortController();
    const provider = createScriptedProvider([
      { gate: new Promise(() => {}), onRequest: () => queueMicrotask(() => controller.abort()) },
    ]);
    const result = await runTurn(options({ provider, signal: controller.signal }));
    expect(result).toMatchObject({ status: "canceled", reply: "" });
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import {
  type FakeLlmServer,
  OPENAI_CONTEXT_LENGTH_ERROR,
  startFakeOpenAI,
} from "../../test/fakes/openai-server.ts";
import { collectEvents } from "./collect-events.ts";
import { createOpenAICompatibleProvider } from "./openai-compatible.ts";
import type { ChatRequest, ProviderEvent } from "./provider.ts";

let fake: FakeLlmServer;
afterEach(() => fake?.stop());

const signal = () => new AbortController().signal;
const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: "system", content: "be brief" },
    { role: "user", content: text },
  ],
  ...extra,
});
const last = (events: ProviderEvent[]) => events.at(-1);

describe("createOpenAICompatibleProvider", () => {
  test("sends Bearer key, tools as functions with tool_choice auto, custom headers, extra_body last", async () => {
    fake = startFakeOpenAI({ steps: [{ kind: "text", text: "hi" }] });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "gpt-5.4",
      apiBase: fake.url,
      apiKey: "sk-test",
      customHeaders: { "X-Trace": "abc" },
      extraBody: { temperature: 0.1, seed: 7 },
      userAgent: "UA/1",
    });
    const tools = [{ name: "read_file", description: "Read a file", parameters: { type: "object" } }];
    const events = await collectEvents(
      provider.chat(ask("hello", { tools, maxTokens: 100, temperature: 0.7 }), signal()),
    );
    expect(last(events)).toMatchObject({ type: "done", result: { content: "hi", toolCalls: [] } });
    const req = fake.requests[0];
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.headers["authorization"]).toBe("Bearer sk-test");
    expect(req?.headers["x-trace"]).toBe("abc");
    expect(req?.headers["user-agent"]).toBe("UA/1");
    expect(req?.body).toEqual({
      model: "gpt-5.4",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hello" },
      ],
      tools: [{ type: "function", function: tools[0] }],
      tool_choice: "auto",
      max_completion_tokens: 100,
      temperature: 0.1,
      seed: 7,
    });
  });

  test("uses max_tokens for other models, honours max_tokens_field, omits auth without a key", async () => {
    fake = startFakeOpenAI({
      steps: [
        { kind: "text", text: "a" },
        { kind: "text", text: "b" },
      ],
    });
    const base = { providerName: "ollama", apiBase: fake.url };
    await collectEvents(
      createOpenAICompatibleProvider({ ...base, model: "llama3" }).chat(ask("x", { maxTokens: 5 }), signal()),
    );
    await collectEvents(
      createOpenAICompatibleProvider({ ...base, model: "llama3", maxTokensField: "max_output" }).chat(
        ask("x", { maxTokens: 5 }),
        signal(),
      ),
    );
    expect(fake.requests[0]?.body).toMatchObject({ max_tokens: 5 });
    expect(fake.requests[1]?.body).toMatchObject({ max_output: 5 });
    expect(fake.requests[0]?.headers["authorization"]).toBeUndefined();
  });

  test("replays assistant tool calls and tool results in OpenAI shape", async () => {
    fake = startFakeOpenAI();
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
    });
    const call = { id: "c1", type: "function" as const, function: { name: "ls", arguments: "{}" } };
    const events = await collectEvents(
      provider.chat(
        {
          messages: [
            { role: "user", content: "list", created_at: "x", model_name: "y" },
            { role: "assistant", content: "", tool_calls: [call], reasoning_content: "hmm" },
            { role: "tool", content: "a.txt", tool_call_id: "c1" },
          ],
        },
        signal(),
      ),
    );
    expect(last(events)).toMatchObject({ type: "done", result: { content: "echo: a.txt" } });
    expect(fake.requests[0]?.body).toMatchObject({
      messages: [
        { role: "user", content: "list" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", content: "a.txt", tool_call_id: "c1" },
      ],
    });
  });

  test("parses non-streamed tool calls", async () => {
    fake = startFakeOpenAI({
      steps: [
        {
          kind: "tools",
          calls: [
            { name: "a", arguments: { x: 1 } },
            { name: "b", arguments: "{}", id: "z" },
          ],
        },
      ],
    });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
    });
    const done = last(await collectEvents(provider.chat(ask("go"), signal())));
    expect(done).toMatchObject({
      type: "done",
      result: {
        toolCalls: [
          { id: "call_1", type: "function", function: { name: "a", arguments: '{"x":1}' } },
          { id: "z", type: "function", function: { name: "b", arguments: "{}" } },
        ],
        finishReason: "tool_calls",
      },
    });
  });

  test("streams text, reasoning and tool-call deltas split at 3-byte boundaries", async () => {
    fake = startFakeOpenAI({
      steps: [
        { kind: "text", text: "héllo wörld ✓", reasoning: "thinking…", chunkBytes: 3 },
        { kind: "tools", calls: [{ name: "a", arguments: { path: "ü" } }, { name: "b" }], chunkBytes: 3 },
      ],
    });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
    });
    const events = await collectEvents(provider.chat(ask("s", { stream: true }), signal()));
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
    expect(fake.requests[0]?.headers["accept"]).toBe("text/event-stream");
    const deltas = events.filter((e) => e.type === "text_delta").map((e) => e.text);
    expect(deltas.length).toBe(2);
    expect(deltas.join("")).toBe("héllo wörld ✓");
    expect(events.find((e) => e.type === "reasoning_delta")).toEqual({
      type: "reasoning_delta",
      text: "thinking…",
    });
    expect(last(events)).toMatchObject({
      type: "done",
      result: { content: "héllo wörld ✓", reasoning: "thinking…", usage: { promptTokens: 10 } },
    });
    const tools = last(await collectEvents(provider.chat(ask("t", { stream: true }), signal())));
    expect(tools).toMatchObject({
      type: "done",
      result: {
        toolCalls: [
          { id: "call_1", function: { name: "a", arguments: '{"path":"ü"}' } },
          { id: "call_2", function: { name: "b", arguments: "{}" } },
        ],
        finishReason: "tool_calls",
      },
    });
  });

  test("classifies HTTP failures: 401 auth, 429 rate_limit with Retry-After, 500 timeout, 400 context overflow", async () => {
    fake = startFakeOpenAI({
      steps: [
        { kind: "error", status: 401 },
        { kind: "error", status: 429, headers: { "retry-after": "7" } },
        { kind: "error", status: 500 },
        { kind: "error", status: 400, body: OPENAI_CONTEXT_LENGTH_ERROR },
        { kind: "error", status: 400, body: { error: { message: "bad field" } } },
      ],
    });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
    });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(last(await collectEvents(provider.chat(ask("x"), signal()))));
    expect(results).toMatchObject([
      { type: "error", reason: "auth", status: 401 },
      { type: "error", reason: "rate_limit", status: 429, retryAfterMs: 7000 },
      { type: "error", reason: "timeout", status: 500 },
      { type: "error", reason: "context_overflow", status: 400 },
      { type: "error", reason: "format", status: 400 },
    ]);
  });

  test("a huge error body is read only in part and still classified", async () => {
    fake = startFakeOpenAI({
      steps: [{ kind: "error", status: 503, body: `<html>${"x".repeat(1_000_000)}</html>` }],
    });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
    });
    const failure = last(await collectEvents(provider.chat(ask("x"), signal())));
    expect(failure).toMatchObject({ type: "error", reason: "timeout", status: 503 });
    expect(failure?.type === "error" && failure.message.length).toBeLessThan(1_000);
  });

  test("cancelling mid-stream aborts the server-side request and ends with canceled", async () => {
    fake = startFakeOpenAI({ steps: [{ kind: "stall", text: "partial answer" }] });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
    });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of provider.chat(ask("x", { stream: true }), controller.signal)) {
      events.push(event);
      if (event.type === "text_delta") controller.abort();
    }
    expect(last(events)).toMatchObject({ type: "error", reason: "canceled" });
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.aborted).toBe(true);
  });

  test("a server that never answers hits the request timeout", async () => {
    fake = startFakeOpenAI({ steps: [{ kind: "hang" }] });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
      requestTimeoutMs: 50,
    });
    expect(last(await collectEvents(provider.chat(ask("x"), signal())))).toMatchObject({
      type: "error",
      reason: "timeout",
    });
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.aborted).toBe(true);
  });

  test("a stream that goes silent hits the idle timeout; a dropped connection is a network error", async () => {
    fake = startFakeOpenAI({
      steps: [
        { kind: "stall", text: "abc" },
        { kind: "drop", chunkBytes: 4 },
      ],
    });
    const provider = createOpenAICompatibleProvider({
      providerName: "openai",
      model: "m",
      apiBase: fake.url,
      streamIdleMs: 50,
    });
    const stalled = await collectEvents(provider.chat(ask("x", { stream: true }), signal()));
    expect(stalled.some((e) => e.type === "text_delta")).toBe(true);
    expect(last(stalled)).toMatchObject({ type: "error", reason: "timeout" });
    const dropped = await collectEvents(provider.chat(ask("x", { stream: true }), signal()));
    expect(last(dropped)).toMatchObject({ type: "error", reason: "network" });
  });

  test("an unreachable server is a network error", async () => {
    fake = startFakeOpenAI();
    const url = fake.url;
    await fake.stop();
    const provider = createOpenAICompatibleProvider({ providerName: "openai", model: "m", apiBase: url });
    expect(last(await collectEvents(provider.chat(ask("x"), signal())))).toMatchObject({
      type: "error",
      reason: "network",
    });
  });
});

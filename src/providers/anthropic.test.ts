import { afterEach, describe, expect, test } from "bun:test";
import {
  ANTHROPIC_PROMPT_TOO_LONG_ERROR,
  type FakeLlmServer,
  startFakeAnthropic,
} from "../../test/fakes/anthropic-server.ts";
import { ANTHROPIC_VERSION, createAnthropicProvider } from "./anthropic.ts";
import { collectEvents } from "./collect-events.ts";
import type { ChatMessage, ProviderEvent } from "./provider.ts";

let fake: FakeLlmServer;
afterEach(() => fake?.stop());

const signal = () => new AbortController().signal;
const last = (events: ProviderEvent[]) => events.at(-1);
const provider = () =>
  createAnthropicProvider({ providerName: "anthropic", model: "claude-x", apiBase: fake.url, apiKey: "ak" });

const call = { id: "toolu_1", type: "function" as const, function: { name: "ls", arguments: '{"dir":"."}' } };
const HISTORY: ChatMessage[] = [
  { role: "system", content: "sys one" },
  { role: "system", content: "sys two" },
  { role: "user", content: "list files" },
  { role: "assistant", content: "sure", tool_calls: [call] },
  { role: "tool", content: "a.txt", tool_call_id: "toolu_1" },
  { role: "user", content: "and?" },
];

describe("createAnthropicProvider", () => {
  test("sends x-api-key and anthropic-version, separates system, converts tool_use/tool_result", async () => {
    fake = startFakeAnthropic({ steps: [{ kind: "text", text: "done" }] });
    const tools = [{ name: "ls", description: "List", parameters: { type: "object" } }];
    const events = await collectEvents(
      provider().chat({ messages: HISTORY, tools, maxTokens: 321 }, signal()),
    );
    expect(last(events)).toMatchObject({
      type: "done",
      result: { content: "done", finishReason: "end_turn", usage: { promptTokens: 10, completionTokens: 4 } },
    });
    const req = fake.requests[0];
    expect(req?.path).toBe("/v1/messages");
    expect(req?.headers["x-api-key"]).toBe("ak");
    expect(req?.headers["anthropic-version"]).toBe(ANTHROPIC_VERSION);
    expect(req?.headers["authorization"]).toBeUndefined();
    expect(req?.body).toEqual({
      model: "claude-x",
      max_tokens: 321,
      system: "sys one\n\nsys two",
      tools: [{ name: "ls", description: "List", input_schema: { type: "object" } }],
      messages: [
        { role: "user", content: [{ type: "text", text: "list files" }] },
        {
          role: "assistant",
          content: [
            { type: "text", text: "sure" },
            { type: "tool_use", id: "toolu_1", name: "ls", input: { dir: "." } },
          ],
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "toolu_1", content: "a.txt" },
            { type: "text", text: "and?" },
          ],
        },
      ],
    });
  });

  test("accepts api_base with or without /v1", async () => {
    fake = startFakeAnthropic();
    const bare = createAnthropicProvider({
      providerName: "anthropic",
      model: "m",
      apiBase: fake.url.replace(/\/v1$/, "/"),
    });
    expect(last(await collectEvents(bare.chat({ messages: HISTORY }, signal())))).toMatchObject({
      type: "done",
    });
    expect(fake.requests[0]?.path).toBe("/v1/messages");
  });

  test("parses tool_use blocks into OpenAI-shaped tool calls", async () => {
    fake = startFakeAnthropic({
      steps: [{ kind: "tools", calls: [{ name: "ls", arguments: { dir: "/" } }], text: "ok" }],
    });
    expect(last(await collectEvents(provider().chat({ messages: HISTORY }, signal())))).toMatchObject({
      type: "done",
      result: {
        content: "ok",
        toolCalls: [{ id: "call_1", type: "function", function: { name: "ls", arguments: '{"dir":"/"}' } }],
        finishReason: "tool_use",
      },
    });
  });

  test("streams text, thinking and input_json_delta tool input split at awkward boundaries", async () => {
    fake = startFakeAnthropic({
      steps: [
        { kind: "tools", text: "lookïng", calls: [{ name: "ls", arguments: { dir: "ü/x" } }], chunkBytes: 5 },
      ],
    });
    const events = await collectEvents(provider().chat({ messages: HISTORY, stream: true }, signal()));
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
    expect(
      events
        .filter((e) => e.type === "text_delta")
        .map((e) => e.text)
        .join(""),
    ).toBe("lookïng");
    expect(last(events)).toMatchObject({
      type: "done",
      result: {
        content: "lookïng",
        toolCalls: [{ id: "call_1", function: { name: "ls", arguments: '{"dir":"ü/x"}' } }],
        finishReason: "tool_use",
      },
    });
  });

  test("maps errors: 429 rate_limit, 529 overloaded (retriable), 400 prompt too long → context_overflow", async () => {
    fake = startFakeAnthropic({
      steps: [
        { kind: "error", status: 429 },
        { kind: "error", status: 529 },
        { kind: "error", status: 400, body: ANTHROPIC_PROMPT_TOO_LONG_ERROR },
      ],
    });
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(last(await collectEvents(provider().chat({ messages: HISTORY }, signal()))));
    expect(results).toMatchObject([
      { type: "error", reason: "rate_limit", status: 429 },
      { type: "error", reason: "timeout", status: 529 },
      { type: "error", reason: "context_overflow", status: 400 },
    ]);
  });

  test("an error event inside a stream ends the call with its classified reason", async () => {
    const stream =
      'event: message_start\ndata: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":1}}}\n\n' +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    fake = startFakeAnthropic({ steps: [{ kind: "raw", body: stream }] });
    expect(
      last(await collectEvents(provider().chat({ messages: HISTORY, stream: true }, signal()))),
    ).toMatchObject({
      type: "error",
      reason: "rate_limit",
      message: "overloaded_error: Overloaded",
    });
  });

  test("cancelling mid-stream aborts the server-side request", async () => {
    fake = startFakeAnthropic({ steps: [{ kind: "stall", text: "partial" }] });
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    for await (const event of provider().chat({ messages: HISTORY, stream: true }, controller.signal)) {
      events.push(event);
      if (event.type === "text_delta") controller.abort();
    }
    expect(last(events)).toMatchObject({ type: "error", reason: "canceled" });
    await fake.requests[0]?.closed;
    expect(fake.requests[0]?.aborted).toBe(true);
  });
});

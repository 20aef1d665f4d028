/**
 * Fake Anthropic Messages server (`POST …/messages`) for tests: message JSON and the SSE event
 * sequence (message_start, content_block_*, message_delta, message_stop) including tool_use blocks
 * streamed as input_json_delta. Run alone with `bun test/fakes/anthropic-server.ts --port 0`.
 */
import type { FakeAnswer, FakeScript } from "./llm/script.ts";
import { type Dialect, type FakeLlmServer, runFakeFromCli, startFakeServer } from "./llm/serve.ts";

export type { FakeScript, FakeStep } from "./llm/script.ts";
export type { FakeLlmServer, RecordedRequest } from "./llm/serve.ts";

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

const event = (name: string, data: Record<string, unknown>) =>
  `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const last = record(content.at(-1));
  if (last["type"] === "tool_result") return textOf(last["content"]);
  return String(last["text"] ?? "");
}

const stopReason = (answer: FakeAnswer) => (answer.calls.length > 0 ? "tool_use" : "end_turn");

/** The Anthropic Messages wire format. */
export const anthropicDialect: Dialect = {
  pathSuffix: "/messages",
  lastText(body) {
    const messages = Array.isArray(record(body)["messages"]) ? (record(body)["messages"] as unknown[]) : [];
    const last = [...messages].reverse().find((m) => record(m)["role"] === "user");
    return textOf(record(last)["content"]);
  },
  json(answer, model) {
    const content: unknown[] = [];
    if (answer.reasoning) content.push({ type: "thinking", thinking: answer.reasoning, signature: "fake" });
    if (answer.text) content.push({ type: "text", text: answer.text });
    for (const c of answer.calls)
      content.push({ type: "tool_use", id: c.id, name: c.name, input: JSON.parse(c.arguments) });
    return {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model,
      content,
      stop_reason: stopReason(answer),
      usage: { input_tokens: 10, output_tokens: answer.text.length },
    };
  },
  sse(answer, model, end) {
    const out = [
      event("message_start", {
        message: {
          id: "msg_fake",
          type: "message",
          role: "assistant",
          model,
          content: [],
          usage: { input_tokens: 10, output_tokens: 0 },
        },
      }),
      'event: ping\ndata: {"type": "ping"}\n\n',
    ];
    let index = 0;
    if (answer.reasoning) {
      out.push(event("content_block_start", { index, content_block: { type: "thinking", thinking: "" } }));
      out.push(
        event("content_block_delta", {
          index,
          delta: { type: "thinking_delta", thinking: answer.reasoning },
        }),
      );
      out.push(event("content_block_stop", { index: index++ }));
    }
    if (answer.text) {
      const half = Math.ceil(answer.text.length / 2);
      out.push(event("content_block_start", { index, content_block: { type: "text", text: "" } }));
      for (const part of [answer.text.slice(0, half), answer.text.slice(half)]) {
        if (part)
          out.push(event("content_block_delta", { index, delta: { type: "text_delta", text: part } }));
      }
      if (end || answer.calls.length > 0) out.push(event("content_block_stop", { index: index++ }));
    }
    for (const c of answer.calls) {
      const mid = Math.ceil(c.arguments.length / 2);
      out.push(
        event("content_block_start", {
          index,
          content_block: { type: "tool_use", id: c.id, name: c.name, input: {} },
        }),
      );
      for (const part of [c.arguments.slice(0, mid), c.arguments.slice(mid)]) {
        out.push(
          event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: part } }),
        );
      }
      out.push(event("content_block_stop", { index: index++ }));
    }
    if (!end) return out;
    out.push(
      event("message_delta", {
        delta: { stop_reason: stopReason(answer), stop_sequence: null },
        usage: { output_tokens: answer.text.length },
      }),
    );
    out.push(event("message_stop", {}));
    return out;
  },
  errorBody(status) {
    const type =
      status === 429
        ? "rate_limit_error"
        : status === 401
          ? "authentication_error"
          : status === 529
            ? "overloaded_error"
            : "api_error";
    return { type: "error", error: { type, message: `fake error ${status}` } };
  },
};

/** Starts a fake Anthropic Messages server on 127.0.0.1. */
export function startFakeAnthropic(script?: FakeScript): FakeLlmServer {
  return startFakeServer(anthropicDialect, script);
}

/** The body of a real Anthropic prompt-too-long error (HTTP 400). */
export const ANTHROPIC_PROMPT_TOO_LONG_ERROR = {
  type: "error",
  error: { type: "invalid_request_error", message: "prompt is too long: 210000 tokens > 200000 maximum" },
};

if (import.meta.main) await runFakeFromCli(anthropicDialect, process.argv.slice(2));

/**
 * Fake OpenAI-compatible server (`POST …/chat/completions`) for tests: plain JSON answers and SSE
 * streams with tool-call deltas, scripted errors, hangs and drops. Run alone with
 * `bun test/fakes/openai-server.ts --port 0`; it prints its base URL on the first stdout line.
 */
import type { FakeAnswer, FakeScript } from "./llm/script.ts";
import { type Dialect, type FakeLlmServer, runFakeFromCli, startFakeServer } from "./llm/serve.ts";

export type { FakeScript, FakeStep } from "./llm/script.ts";
export type { FakeLlmServer, RecordedRequest } from "./llm/serve.ts";

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

const ID = "chatcmpl-fake";

const event = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
const chunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) =>
  event({
    id: ID,
    object: "chat.completion.chunk",
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

/** The OpenAI chat-completions wire format. */
export const openAIDialect: Dialect = {
  pathSuffix: "/chat/completions",
  lastText(body) {
    const messages = Array.isArray(record(body)["messages"]) ? (record(body)["messages"] as unknown[]) : [];
    const last = [...messages].reverse().find((m) => ["user", "tool"].includes(String(record(m)["role"])));
    const content = record(last)["content"];
    return typeof content === "string" ? content : JSON.stringify(content ?? "");
  },
  json(answer: FakeAnswer, model) {
    const message: Record<string, unknown> = { role: "assistant", content: answer.text };
    if (answer.reasoning) message["reasoning_content"] = answer.reasoning;
    if (answer.calls.length > 0) {
      message["tool_calls"] = answer.calls.map((c) => ({
        id: c.id,
        type: "function",
        function: { name: c.name, arguments: c.arguments },
      }));
    }
    return {
      id: ID,
      object: "chat.completion",
      model,
      choices: [{ index: 0, message, finish_reason: answer.calls.length > 0 ? "tool_calls" : "stop" }],
      usage: {
        prompt_tokens: 10,
        completion_tokens: answer.text.length,
        total_tokens: 10 + answer.text.length,
      },
    };
  },
  sse(answer, model, end) {
    const out = [chunk(model, { role: "assistant", content: "" })];
    if (answer.reasoning) out.push(chunk(model, { reasoning_content: answer.reasoning }));
    // Split text in two so consumers see more than one delta.
    const half = Math.ceil(answer.text.length / 2);
    for (const part of [answer.text.slice(0, half), answer.text.slice(half)]) {
      if (part) out.push(chunk(model, { content: part }));
    }
    answer.calls.forEach((c, index) => {
      const mid = Math.ceil(c.arguments.length / 2);
      out.push(
        chunk(model, {
          tool_calls: [
            {
              index,
              id: c.id,
              type: "function",
              function: { name: c.name, arguments: c.arguments.slice(0, mid) },
            },
          ],
        }),
      );
      out.push(chunk(model, { tool_calls: [{ index, function: { arguments: c.arguments.slice(mid) } }] }));
    });
    if (!end) return out;
    out.push(chunk(model, {}, answer.calls.length > 0 ? "tool_calls" : "stop"));
    out.push(
      event({
        id: ID,
        object: "chat.completion.chunk",
        model,
        choices: [],
        usage: { prompt_tokens: 10, completion_tokens: answer.text.length },
      }),
    );
    out.push("data: [DONE]\n\n");
    return out;
  },
  errorBody(status) {
    const type = status === 429 ? "rate_limit_exceeded" : status === 401 ? "invalid_api_key" : "server_error";
    return { error: { message: `fake error ${status}`, type, code: type } };
  },
};

/** Starts a fake OpenAI-compatible server on 127.0.0.1. */
export function startFakeOpenAI(script?: FakeScript): FakeLlmServer {
  return startFakeServer(openAIDialect, script);
}

/** The body of a real OpenAI context-length error (HTTP 400). */
export const OPENAI_CONTEXT_LENGTH_ERROR = {
  error: {
    message:
      "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
    type: "invalid_request_error",
    param: "messages",
    code: "context_length_exceeded",
  },
};

if (import.meta.main) await runFakeFromCli(openAIDialect, process.argv.slice(2));

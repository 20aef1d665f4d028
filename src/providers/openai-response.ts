/**
 * Parses chat-completions answers: the JSON body of a plain call, and the chunks of an SSE stream,
 * whose tool calls arrive as fragments keyed by `index` and are assembled here.
 */
import { asArray, asNumber, asRecord, asString } from "./json-value.ts";
import type { ChatResult, ToolCall, Usage } from "./provider.ts";

function parseUsage(value: unknown): Usage | undefined {
  const usage = asRecord(value);
  if (!usage) return undefined;
  return {
    promptTokens: asNumber(usage["prompt_tokens"]) ?? 0,
    completionTokens: asNumber(usage["completion_tokens"]) ?? 0,
  };
}

// Some servers (older Ollama) send arguments as an object instead of JSON text.
function argumentsText(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "{}" : JSON.stringify(value);
}

function parseToolCalls(value: unknown): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const item of asArray(value)) {
    const call = asRecord(item);
    const fn = asRecord(call?.["function"]);
    const name = asString(fn?.["name"]);
    if (!call || !fn || !name) continue;
    const id = asString(call["id"]) || `call_${calls.length}`;
    calls.push({ id, type: "function", function: { name, arguments: argumentsText(fn["arguments"]) } });
  }
  return calls;
}

/** The error text of an `{"error": …}` body, if it is one. */
export function openAIErrorText(json: unknown): string | undefined {
  const error = asRecord(json)?.["error"];
  if (typeof error === "string") return error;
  const record = asRecord(error);
  if (!record) return undefined;
  return [asString(record["message"]), asString(record["type"]), asString(record["code"])]
    .filter((part) => part)
    .join(" ");
}

/** Parses a non-streaming response body; undefined if it has no choices. */
export function parseChatCompletion(json: unknown, model: string): ChatResult | undefined {
  const root = asRecord(json);
  const choice = asRecord(asArray(root?.["choices"])[0]);
  const message = asRecord(choice?.["message"]);
  if (!root || !choice || !message) return undefined;
  const reasoning = asString(message["reasoning_content"]) || asString(message["reasoning"]);
  return {
    content: asString(message["content"]) ?? "",
    toolCalls: parseToolCalls(message["tool_calls"]),
    reasoning: reasoning || undefined,
    usage: parseUsage(root["usage"]),
    model: asString(root["model"]) ?? model,
    finishReason: asString(choice["finish_reason"]) ?? "stop",
  };
}

/** What one stream chunk adds for the consumer. */
export interface StreamDelta {
  text: string;
  reasoning: string;
}

/** Accumulates a chat-completions stream. */
export interface OpenAIStreamAccumulator {
  /** Applies one `data:` payload (already JSON-parsed). */
  push(chunk: unknown): StreamDelta;
  result(): ChatResult;
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

/** Creates an accumulator for one streamed answer. */
export function createOpenAIStreamAccumulator(model: string): OpenAIStreamAccumulator {
  let content = "";
  let reasoning = "";
  let finishReason: string | undefined;
  let usage: Usage | undefined;
  let servedModel = model;
  const calls = new Map<number, PendingCall>();

  return {
    push(chunk) {
      const root = asRecord(chunk);
      const delta: StreamDelta = { text: "", reasoning: "" };
      if (!root) return delta;
      usage = parseUsage(root["usage"]) ?? usage;
      servedModel = asString(root["model"]) ?? servedModel;
      const choice = asRecord(asArray(root["choices"])[0]);
      const d = asRecord(choice?.["delta"]);
      if (!choice || !d) return delta;
      delta.reasoning = (asString(d["reasoning_content"]) ?? "") + (asString(d["reasoning"]) ?? "");
      delta.text = asString(d["content"]) ?? "";
      reasoning += delta.reasoning;
      content += delta.text;
      for (const item of asArray(d["tool_calls"])) {
        const part = asRecord(item);
        if (!part) continue;
        const index = asNumber(part["index"]) ?? 0;
        const call = calls.get(index) ?? { id: "", name: "", args: "" };
        calls.set(index, call);
        call.id = asString(part["id"]) || call.id;
        const fn = asRecord(part["function"]);
        call.name = asString(fn?.["name"]) || call.name;
        call.args += argumentsText(fn?.["arguments"] ?? "");
      }
      finishReason = asString(choice["finish_reason"]) ?? finishReason;
      return delta;
    },
    result() {
      const toolCalls: ToolCall[] = [...calls.entries()]
        .sort(([a], [b]) => a - b)
        .filter(([, call]) => call.name !== "")
        .map(([index, call]) => ({
          id: call.id || `call_${index}`,
          type: "function",
          function: { name: call.name, arguments: call.args === "" ? "{}" : call.args },
        }));
      return {
        content,
        toolCalls,
        reasoning: reasoning || undefined,
        usage,
        model: servedModel,
        finishReason: finishReason ?? "stop",
      };
    },
  };
}

/**
 * Parses Anthropic Messages answers into the OpenAI-shaped ChatResult: `text` blocks join into the
 * content, `thinking` into reasoning, and `tool_use` blocks become tool calls whose arguments are
 * the JSON text of `input`. Streams deliver the same blocks as start/delta/stop events.
 */
import { asArray, asNumber, asRecord, asString } from "./json-value.ts";
import type { ChatResult, ToolCall, Usage } from "./provider.ts";

function parseUsage(value: unknown, previous?: Usage): Usage | undefined {
  const usage = asRecord(value);
  if (!usage) return previous;
  return {
    promptTokens: asNumber(usage["input_tokens"]) ?? previous?.promptTokens ?? 0,
    completionTokens: asNumber(usage["output_tokens"]) ?? previous?.completionTokens ?? 0,
  };
}

/** The error text of an `{"type":"error","error":{…}}` body or event, if it is one. */
export function anthropicErrorText(json: unknown): string | undefined {
  const root = asRecord(json);
  const error = asRecord(root?.["error"]);
  if (!error) return undefined;
  return [asString(error["type"]), asString(error["message"])].filter((part) => part).join(": ");
}

/** Parses a non-streaming response body; undefined if it is not a message. */
export function parseAnthropicMessage(json: unknown, model: string): ChatResult | undefined {
  const root = asRecord(json);
  if (!root || !Array.isArray(root["content"])) return undefined;
  let content = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  for (const item of asArray(root["content"])) {
    const block = asRecord(item);
    const type = asString(block?.["type"]);
    if (!block) continue;
    if (type === "text") content += asString(block["text"]) ?? "";
    else if (type === "thinking") reasoning += asString(block["thinking"]) ?? "";
    else if (type === "tool_use") {
      toolCalls.push({
        id: asString(block["id"]) ?? `toolu_${toolCalls.length}`,
        type: "function",
        function: { name: asString(block["name"]) ?? "", arguments: JSON.stringify(block["input"] ?? {}) },
      });
    }
  }
  return {
    content,
    toolCalls,
    reasoning: reasoning || undefined,
    usage: parseUsage(root["usage"]),
    model: asString(root["model"]) ?? model,
    finishReason: asString(root["stop_reason"]) ?? "end_turn",
  };
}

/** What one stream event adds for the consumer; `error` ends the stream. */
export interface AnthropicDelta {
  text: string;
  reasoning: string;
  error?: string | undefined;
  stop?: boolean | undefined;
}

interface OpenBlock {
  type: string;
  id: string;
  name: string;
  json: string;
}

/** Accumulates one streamed message. */
export interface AnthropicStreamAccumulator {
  push(event: string, data: unknown): AnthropicDelta;
  result(): ChatResult;
}

/** Creates an accumulator for one streamed answer. */
export function createAnthropicStreamAccumulator(model: string): AnthropicStreamAccumulator {
  let content = "";
  let reasoning = "";
  let usage: Usage | undefined;
  let stopReason: string | undefined;
  let servedModel = model;
  const blocks = new Map<number, OpenBlock>();

  return {
    push(event, data) {
      const root = asRecord(data);
      const out: AnthropicDelta = { text: "", reasoning: "" };
      const type = asString(root?.["type"]) ?? event;
      if (type === "error") out.error = anthropicErrorText(data) ?? "stream error";
      else if (type === "message_start") {
        const message = asRecord(root?.["message"]);
        servedModel = asString(message?.["model"]) ?? servedModel;
        usage = parseUsage(message?.["usage"], usage);
      } else if (type === "content_block_start") {
        const block = asRecord(root?.["content_block"]);
        blocks.set(asNumber(root?.["index"]) ?? blocks.size, {
          type: asString(block?.["type"]) ?? "text",
          id: asString(block?.["id"]) ?? "",
          name: asString(block?.["name"]) ?? "",
          json: "",
        });
      } else if (type === "content_block_delta") {
        const delta = asRecord(root?.["delta"]);
        const kind = asString(delta?.["type"]);
        if (kind === "text_delta") out.text = asString(delta?.["text"]) ?? "";
        else if (kind === "thinking_delta") out.reasoning = asString(delta?.["thinking"]) ?? "";
        else if (kind === "input_json_delta") {
          const block = blocks.get(asNumber(root?.["index"]) ?? -1);
          if (block) block.json += asString(delta?.["partial_json"]) ?? "";
        }
        content += out.text;
        reasoning += out.reasoning;
      } else if (type === "message_delta") {
        stopReason = asString(asRecord(root?.["delta"])?.["stop_reason"]) ?? stopReason;
        usage = parseUsage(root?.["usage"], usage);
      } else if (type === "message_stop") out.stop = true;
      return out;
    },
    result() {
      const toolCalls: ToolCall[] = [...blocks.entries()]
        .sort(([a], [b]) => a - b)
        .filter(([, block]) => block.type === "tool_use")
        .map(([index, block]) => ({
          id: block.id || `toolu_${index}`,
          type: "function",
          function: { name: block.name, arguments: block.json.trim() === "" ? "{}" : block.json },
        }));
      return {
        content,
        toolCalls,
        reasoning: reasoning || undefined,
        usage,
        model: servedModel,
        finishReason: stopReason ?? "end_turn",
      };
    },
  };
}

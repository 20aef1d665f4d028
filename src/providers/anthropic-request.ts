/**
 * Builds an Anthropic Messages API body from OpenAI-shaped messages: system prompts move to the
 * top-level `system`, tool calls become `tool_use` blocks, tool results become `tool_result` blocks
 * in a user turn, and consecutive turns of one role merge (the API wants strict alternation).
 */

import { reusedPerArray } from "./json-body.ts";
import { asRecord, parseJson } from "./json-value.ts";
import type { ChatMessage, ChatRequest, ToolDefinition } from "./provider.ts";

/** A content block as the Messages API takes it. */
export type AnthropicBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "tool_result"; tool_use_id: string; content: string };

interface AnthropicTurn {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

/** Output cap when the request names none (the Messages API requires one). */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 8192;

function blocksOf(message: ChatMessage): AnthropicBlock[] {
  if (message.role === "tool") {
    return [{ type: "tool_result", tool_use_id: message.tool_call_id ?? "", content: message.content }];
  }
  const blocks: AnthropicBlock[] = message.content === "" ? [] : [{ type: "text", text: message.content }];
  for (const call of message.role === "assistant" ? (message.tool_calls ?? []) : []) {
    // The model's argument text may be broken JSON; the API insists on an object.
    const input = asRecord(parseJson(call.function.arguments)) ?? {};
    blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input });
  }
  return blocks;
}

/** System text and alternating turns for `messages`. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): {
  system: string;
  turns: AnthropicTurn[];
} {
  const system: string[] = [];
  const turns: AnthropicTurn[] = [];
  for (const message of messages) {
    if (message.role === "system") {
      if (message.content !== "") system.push(message.content);
      continue;
    }
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = blocksOf(message);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  return { system: system.join("\n\n"), turns };
}

// A registry hands out the same definitions array on every turn: its wire form and JSON are built once.
const wireTools = reusedPerArray((tool: ToolDefinition) => ({
  name: tool.name,
  description: tool.description,
  input_schema: tool.parameters,
}));

/** The JSON body for one call. */
export function buildAnthropicBody(
  request: ChatRequest,
  model: string,
  stream: boolean,
  extraBody?: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const { system, turns } = toAnthropicMessages(request.messages);
  const body: Record<string, unknown> = {
    model,
    max_tokens: request.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    messages: turns,
  };
  if (system !== "") body["system"] = system;
  if (request.temperature !== undefined) body["temperature"] = request.temperature;
  if (request.tools && request.tools.length > 0) {
    body["tools"] = wireTools(request.tools);
  }
  if (stream) body["stream"] = true;
  return { ...body, ...extraBody };
}

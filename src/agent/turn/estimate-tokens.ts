/** PicoClaw's cheap token estimate for budget checks: about 2.5 characters per token (chars × 2 / 5). */
import type { ChatMessage, ToolDefinition } from "../../providers/provider.ts";

/** Estimated tokens of a text. */
export function estimateTextTokens(text: string): number {
  return Math.floor((text.length * 2) / 5);
}

/** The characters of a message that the estimate counts: content, reasoning and tool-call arguments. */
export function messageChars(m: ChatMessage): number {
  let chars = m.content.length + (m.reasoning_content?.length ?? 0);
  for (const call of m.tool_calls ?? []) chars += call.function.name.length + call.function.arguments.length;
  return chars;
}

/** Tokens for a count of characters (what `estimateMessagesTokens` applies to the sum). */
export function charsToTokens(chars: number): number {
  return Math.floor((chars * 2) / 5);
}

/** Estimated tokens of messages, counting content, reasoning and tool-call arguments. */
export function estimateMessagesTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) chars += messageChars(m);
  return charsToTokens(chars);
}

// A registry hands out the same definitions array on every turn; its estimate is computed once.
const toolTokens = new WeakMap<readonly ToolDefinition[], number>();

/** Estimated tokens of the tool definitions sent with every request. */
export function estimateToolsTokens(tools: readonly ToolDefinition[]): number {
  if (tools.length === 0) return 0;
  const known = toolTokens.get(tools);
  if (known !== undefined) return known;
  const tokens = estimateTextTokens(JSON.stringify(tools));
  toolTokens.set(tools, tokens);
  return tokens;
}

/** Parses one stored JSONL line into a ChatMessage; anything malformed reads as undefined, never throws. */
import type { ChatMessage, ToolCall } from "../../providers/provider.ts";

const ROLES = new Set(["system", "user", "assistant", "tool"]);

function parseToolCall(raw: unknown): ToolCall | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const call = raw as Record<string, unknown>;
  const fn = call["function"] as Record<string, unknown> | undefined;
  if (typeof call["id"] !== "string" || !fn || typeof fn["name"] !== "string") return undefined;
  const args = fn["arguments"];
  return {
    id: call["id"],
    type: "function",
    function: { name: fn["name"], arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}) },
  };
}

/** The message on one line, or undefined for a corrupt line. */
export function parseChatMessageLine(line: string): ChatMessage | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const role = m["role"];
  if (typeof role !== "string" || !ROLES.has(role)) return undefined;
  const message: ChatMessage = {
    role: role as ChatMessage["role"],
    content: typeof m["content"] === "string" ? m["content"] : "",
  };
  if (Array.isArray(m["tool_calls"])) {
    const calls = m["tool_calls"].map(parseToolCall).filter((c): c is ToolCall => c !== undefined);
    if (calls.length > 0) message.tool_calls = calls;
  }
  for (const key of ["tool_call_id", "reasoning_content", "model_name", "created_at"] as const) {
    const value = m[key];
    if (typeof value === "string" && value !== "") message[key] = value;
  }
  if (Array.isArray(m["media"])) message.media = m["media"].filter((x): x is string => typeof x === "string");
  return message;
}

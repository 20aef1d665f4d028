/**
 * Tool command topics, pure: `{prefix}/{agent_id}/tool/<name>/call` carries JSON arguments, either
 * bare (`{"path":"a.txt"}`) or wrapped with a correlation id (`{"id":"7","arguments":{…}}`); the
 * reply is `{"id"?, "tool", "ok", "result" | "error"}`.
 */

/** A parsed call, or why it cannot run (still answered, with the id when one was readable). */
export type ToolCall =
  | { ok: true; tool: string; args: unknown; id?: string | undefined }
  | { ok: false; tool: string; error: string; id?: string | undefined };

/** The tool name from a call topic under `base` (`{prefix}/{agent_id}/tool`), or undefined. */
export function toolFromTopic(base: string, topic: string): string | undefined {
  if (!topic.startsWith(`${base}/`) || !topic.endsWith("/call")) return undefined;
  const name = topic.slice(base.length + 1, -"/call".length);
  return name === "" || name.includes("/") ? undefined : name;
}

/** Reads a call payload for `tool`; only tools in `allowed` may run. */
export function parseToolCall(tool: string, payload: string, allowed: ReadonlySet<string>): ToolCall {
  let value: unknown;
  try {
    value = payload.trim() === "" ? {} : JSON.parse(payload);
  } catch {
    return { ok: false, tool, error: "payload is not JSON" };
  }
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isObject) return { ok: false, tool, error: "payload must be a JSON object" };
  const record = value as { id?: unknown; arguments?: unknown };
  const wrapped = "arguments" in record;
  const rawId = wrapped ? record.id : undefined;
  const id = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : undefined;
  if (!allowed.has(tool)) return { ok: false, tool, id, error: `tool "${tool}" is not exposed` };
  return { ok: true, tool, id, args: wrapped ? record.arguments : record };
}

/** The reply payload. */
export function toolReply(
  call: { tool: string; id?: string | undefined },
  outcome: { ok: true; result: string } | { ok: false; error: string },
): string {
  return JSON.stringify({ ...(call.id === undefined ? {} : { id: call.id }), tool: call.tool, ...outcome });
}

/** The reply topic: the configured one with `{tool}` filled, else `{base}/<name>/result`. */
export function replyTopic(base: string, configured: string, tool: string): string {
  return configured ? configured.replaceAll("{tool}", tool) : `${base}/${tool}/result`;
}

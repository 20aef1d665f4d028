/** Parses one outbox file (written by outbox.ts, read back after a restart); anything else is rejected. */
import type { OutboundMediaMessage, OutboundMessage } from "../bus/message.ts";
import type { OutboxPayload } from "./outbox.ts";

/** The fields of an outbox file. */
export interface OutboxRecord {
  id: string;
  channel: string;
  chatId: string;
  createdAt: number;
  payload: OutboxPayload;
}

/** Returns the record, or undefined when `value` is not a version-1 outbox record. */
export function parseOutboxRecord(value: unknown): OutboxRecord | undefined {
  if (!isRecord(value) || value["v"] !== 1) return undefined;
  const { id, channel, chatId, createdAt, payload } = value;
  if (typeof id !== "string" || typeof channel !== "string" || typeof chatId !== "string") return undefined;
  if (typeof createdAt !== "number" || !Number.isFinite(createdAt) || !isRecord(payload)) return undefined;
  const message = payload["message"];
  if (payload["kind"] === "text" && isOutboundMessage(message)) {
    return { id, channel, chatId, createdAt, payload: { kind: "text", message } };
  }
  if (payload["kind"] === "media" && isOutboundMedia(message)) {
    return { id, channel, chatId, createdAt, payload: { kind: "media", message } };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasContext(value: Record<string, unknown>): boolean {
  const context = value["context"];
  return isRecord(context) && typeof context["channel"] === "string" && typeof context["chatId"] === "string";
}

function isOutboundMessage(value: unknown): value is OutboundMessage {
  return isRecord(value) && hasContext(value) && typeof value["content"] === "string";
}

function isOutboundMedia(value: unknown): value is OutboundMediaMessage {
  if (!isRecord(value) || !hasContext(value) || !Array.isArray(value["parts"])) return false;
  return value["parts"].every((part) => isRecord(part) && typeof part["ref"] === "string");
}

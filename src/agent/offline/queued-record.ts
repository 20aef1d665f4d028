/** Parses one offline queue file (written by offline-queue.ts, read back after a restart). */
import type { InboundMessage } from "../../bus/message.ts";

/** The fields of a queue file. */
export interface QueuedRecord {
  seq: number;
  key: string;
  receivedAt: number;
  recorded: boolean;
  message: InboundMessage;
}

/** Returns the record, or undefined when `value` is not a version-1 queue record. */
export function parseQueuedRecord(value: unknown): QueuedRecord | undefined {
  if (!isRecord(value) || value["v"] !== 1) return undefined;
  const { seq, key, receivedAt, recorded, message } = value;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || typeof key !== "string") return undefined;
  if (typeof receivedAt !== "number" || !isRecord(message) || typeof message["content"] !== "string") {
    return undefined;
  }
  const context = message["context"];
  if (!isRecord(context) || typeof context["channel"] !== "string" || typeof context["chatId"] !== "string") {
    return undefined;
  }
  return { seq, key, receivedAt, recorded: recorded === true, message: message as unknown as InboundMessage };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

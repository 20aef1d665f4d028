/**
 * The Pico WebSocket protocol (reference §2.1), pure: client frames in, server frames out. Output matches
 * Go's encoder byte for byte: fields in the order type, id, session_id, timestamp, payload; payload keys
 * sorted; `<`, `>`, `&`, U+2028 and U+2029 escaped; one trailing newline per frame.
 */
import { parseInlineMedia } from "./inline-media.ts";

/**
 * Error codes the server sends in `error` frames. PicoClaw's four, plus `busy` (ours, with `request_id`):
 * the connection already has MAX_IN_FLIGHT messages waiting for the agent, so this one was not taken.
 */
export type PicoErrorCode = "invalid_message" | "unknown_type" | "invalid_media" | "empty_content" | "busy";

/** A frame from a client, already validated. `media.send` is handled exactly like `message.send`. */
export type ClientFrame =
  | { type: "ping"; id: string }
  | {
      type: "message.send" | "media.send";
      id: string;
      sessionId: string;
      content: string;
      /** Inline image data URLs (`data:image/...;base64,...`). */
      media: string[];
    };

/** A client frame the server answers with an `error` frame; the connection stays open. */
export interface ProtocolError {
  type: "protocol_error";
  code: PicoErrorCode;
  message: string;
  /** The frame id, echoed as `request_id` for invalid_media and empty_content. */
  requestId?: string | undefined;
}

/** An attachment of an outbound media message. */
export interface PicoAttachment {
  type: "image" | "audio" | "video" | "file";
  url: string;
  filename: string;
  content_type: string;
}

/** Payload of message.create and message.update. */
export interface MessagePayload {
  content: string;
  message_id: string;
  placeholder?: true;
  kind?: "thought" | "tool_calls";
  /** Legacy marker kept for older clients next to kind "thought". */
  thought?: true;
  model_name?: string;
  tool_calls?: readonly unknown[];
  attachments?: readonly PicoAttachment[];
}

/** A frame from the server. */
export type ServerFrame =
  | { type: "pong"; id: string }
  | { type: "typing.start" | "typing.stop" }
  | { type: "message.create" | "message.update"; payload: MessagePayload }
  | { type: "message.delete"; payload: { message_id: string } }
  | { type: "error"; payload: { code: PicoErrorCode; message: string; request_id?: string } };

const INVALID: ProtocolError = {
  type: "protocol_error",
  code: "invalid_message",
  message: "failed to parse message",
};

/** Parses one text frame. Field types follow Go's struct decoding: a wrong type is invalid_message. */
export function parseFrame(raw: string): ClientFrame | ProtocolError {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return INVALID;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return INVALID;
  const record = value as Record<string, unknown>;
  const type = optionalString(record["type"]);
  const id = optionalString(record["id"]);
  const sessionId = optionalString(record["session_id"]);
  const timestamp = record["timestamp"];
  const payload = record["payload"] ?? {};
  if (type === undefined || id === undefined || sessionId === undefined) return INVALID;
  if (timestamp != null && !Number.isSafeInteger(timestamp)) return INVALID;
  if (typeof payload !== "object" || Array.isArray(payload)) return INVALID;
  const fields = payload as Record<string, unknown>;

  switch (type) {
    case "ping":
      return { type, id };
    case "message.send":
    case "media.send": {
      const content = typeof fields["content"] === "string" ? fields["content"] : "";
      const media = parseInlineMedia(fields["media"], fields["attachments"]);
      if (!media.ok)
        return { type: "protocol_error", code: "invalid_media", message: media.error, requestId: id };
      if (content.trim() === "" && media.value.length === 0) {
        return {
          type: "protocol_error",
          code: "empty_content",
          message: "message content is empty",
          requestId: id,
        };
      }
      return { type, id, sessionId, content, media: media.value };
    }
    default:
      return { type: "protocol_error", code: "unknown_type", message: `unknown message type: ${type}` };
  }
}

/** JSON null and absence both read as "" (Go's zero value); any other non-string is a decode error. */
function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : undefined;
}

/** The error frame for a protocol error. */
export function errorFrame(error: ProtocolError): ServerFrame {
  const payload: { code: PicoErrorCode; message: string; request_id?: string } = {
    code: error.code,
    message: error.message,
  };
  if (error.requestId !== undefined) payload.request_id = error.requestId;
  return { type: "error", payload };
}

/** Serializes a server frame as Go's gorilla WriteJSON would. `sessionId` is set on broadcasts. */
export function formatFrame(frame: ServerFrame, timestamp: number, sessionId = ""): string {
  const out: Record<string, unknown> = { type: frame.type };
  if (frame.type === "pong" && frame.id !== "") out["id"] = frame.id;
  if (sessionId !== "") out["session_id"] = sessionId;
  if (timestamp !== 0) out["timestamp"] = timestamp;
  if ("payload" in frame) out["payload"] = sortKeys(frame.payload);
  return `${escapeLikeGo(JSON.stringify(out))}\n`;
}

/** Sorts object keys recursively (Go encodes maps in key order); arrays keep their order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) sorted[key] = key === "tool_calls" ? record[key] : sortKeys(record[key]);
  }
  return sorted;
}

/** Go's json encoder escapes HTML-significant characters and JS line separators. */
function escapeLikeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Maps a `media://<id>` ref to its authenticated download path (PicoClaw's picoDownloadURLForRef). */
export function picoMediaUrl(ref: string): string | undefined {
  const id = ref.replace(/^media:\/\//, "").trim();
  if (id === "" || id.includes("/")) return undefined;
  return `/pico/media/${encodeURIComponent(id)}`;
}

/** Attachment type from MIME type, else from the file extension (picoInferAttachmentType). */
export function inferAttachmentType(filename: string, contentType: string): PicoAttachment["type"] {
  const mime = contentType.trim().toLowerCase();
  for (const kind of ["image", "audio", "video"] as const) if (mime.startsWith(`${kind}/`)) return kind;
  const ext =
    filename
      .trim()
      .toLowerCase()
      .match(/\.[^./]*$/)?.[0] ?? "";
  if ([".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg"].includes(ext)) return "image";
  if ([".mp3", ".wav", ".ogg", ".m4a", ".flac", ".aac", ".wma", ".opus"].includes(ext)) return "audio";
  if ([".mp4", ".avi", ".mov", ".webm", ".mkv"].includes(ext)) return "video";
  return "file";
}

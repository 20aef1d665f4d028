/**
 * The MaixCam wire protocol (PicoClaw pkg/channels/maixcam), pure: device frames in, typed frames
 * out; replies out as the exact bytes Go's json.Marshal of a map writes.
 */
import { goFixed } from "./go-fixed.ts";

/** Detection payload as sent by the camera; non-numbers read as 0 like Go's `.(float64)` misses. */
export interface Detection {
  className: string;
  classId: number | undefined;
  score: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A device → gateway frame. `auth` is our addition; the others are PicoClaw's. */
export type DeviceFrame =
  | { type: "person_detected"; timestamp: number; tips: string; detection: Detection }
  | { type: "heartbeat"; timestamp: number }
  | { type: "status"; timestamp: number; data: Record<string, unknown> }
  | { type: "auth"; token: string }
  | { type: "unknown"; name: string };

/** A frame that is an object but not a valid MaixCam message. */
export interface ProtocolError {
  type: "error";
  reason: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/**
 * Parses one decoded JSON value. Like Go's struct decoding, absent or null fields take zero values;
 * a field of the wrong JSON type is a ProtocolError (Go fails the whole decode there).
 */
export function parseFrame(raw: unknown): DeviceFrame | ProtocolError {
  if (!isRecord(raw)) return { type: "error", reason: "frame is not a JSON object" };
  const { type, tips, timestamp, data, token } = raw;
  if (type !== undefined && type !== null && typeof type !== "string")
    return { type: "error", reason: "type must be a string" };
  if (timestamp !== undefined && timestamp !== null && typeof timestamp !== "number")
    return { type: "error", reason: "timestamp must be a number" };
  if (tips !== undefined && tips !== null && typeof tips !== "string")
    return { type: "error", reason: "tips must be a string" };
  if (data !== undefined && data !== null && !isRecord(data))
    return { type: "error", reason: "data must be an object" };
  const fields = isRecord(data) ? data : {};
  const time = num(timestamp);
  switch (type) {
    case "person_detected":
      return {
        type,
        timestamp: time,
        tips: typeof tips === "string" ? tips : "",
        detection: detection(fields),
      };
    case "heartbeat":
      return { type, timestamp: time };
    case "status":
      return { type, timestamp: time, data: fields };
    case "auth":
      return { type, token: typeof token === "string" ? token : "" };
    default:
      return { type: "unknown", name: typeof type === "string" ? type : "" };
  }
}

function detection(data: Record<string, unknown>): Detection {
  const { class_name, class_id, score, x, y, w, h } = data;
  return {
    // Go: `data["class_name"].(string)` falls back to "person" only when it is not a string.
    className: typeof class_name === "string" ? class_name : "person",
    classId: typeof class_id === "number" ? class_id : undefined,
    score: num(score),
    x: num(x),
    y: num(y),
    w: num(w),
    h: num(h),
  };
}

/** The agent-facing text of a detection, byte for byte PicoClaw's. */
export function detectionText(d: Detection): string {
  return (
    `📷 Person detected!\nClass: ${d.className}\nConfidence: ${goFixed(d.score * 100, 2)}%\n` +
    `Position: (${goFixed(d.x, 0)}, ${goFixed(d.y, 0)})\nSize: ${goFixed(d.w, 0)}x${goFixed(d.h, 0)}`
  );
}

/**
 * The class name back from a detection text (PicoClaw's `raw` facts have no class name, and we keep
 * them as Go's); undefined when the text is not one of detectionText's.
 */
export function detectionClassOf(text: string): string | undefined {
  return /^📷 Person detected!\nClass: ([\s\S]*?)\nConfidence: /u.exec(text)?.[1];
}

/**
 * The `raw` facts PicoClaw attaches (`%.0f`/`%.2f` strings). A missing `class_id` gives "" here;
 * Go prints its formatting-error text `%!f(<nil>)`, which nothing should depend on.
 */
export function detectionRaw(timestamp: number, d: Detection): Record<string, string> {
  return {
    timestamp: goFixed(timestamp, 0),
    class_id: d.classId === undefined ? "" : goFixed(d.classId, 0),
    score: goFixed(d.score, 2),
    x: goFixed(d.x, 0),
    y: goFixed(d.y, 0),
    w: goFixed(d.w, 0),
    h: goFixed(d.h, 0),
  };
}

/**
 * A reply command as Go's json.Marshal writes it: keys sorted, `timestamp` 0, and `<`, `>`, `&`,
 * U+2028, U+2029 escaped (Go's default HTML-safe encoding; Go ≥ 1.22 writes \b and \f short, as JS
 * does). Lone surrogates become U+FFFD, as Go's encoder does for invalid UTF-8. No delimiter.
 */
export function encodeCommand(chatId: string, message: string): string {
  const json = JSON.stringify({
    chat_id: chatId.toWellFormed(),
    message: message.toWellFormed(),
    timestamp: 0,
    type: "command",
  });
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

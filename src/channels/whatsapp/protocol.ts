/**
 * PicoClaw's WhatsApp bridge protocol (pure): JSON text frames over one WebSocket. The bridge sends
 * `{type:"message", id, from, chat, content, from_name, media:[paths]}` and status frames; we send
 * `{type:"message", to, content}`.
 */

/** A frame from the bridge. */
export type BridgeFrame =
  | {
      type: "message";
      id: string;
      from: string;
      chat: string;
      content: string;
      fromName: string;
      media: string[];
    }
  | { type: "status"; status: string }
  | { type: "qr" }
  | { type: "error"; error: string }
  | { type: "other"; kind: string };

type Obj = Record<string, unknown>;
const str = (o: Obj, k: string) => (typeof o[k] === "string" ? o[k] : "");

/** Parses one frame; a string says why it is unusable. */
export function parseBridgeFrame(text: string): BridgeFrame | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "not an object";
  const o = raw as Obj;
  const type = str(o, "type");
  switch (type) {
    case "message": {
      const from = str(o, "from");
      if (from === "") return "message without from";
      const media = Array.isArray(o["media"])
        ? o["media"].filter((m): m is string => typeof m === "string")
        : [];
      return {
        type,
        id: str(o, "id"),
        from,
        chat: str(o, "chat") || from,
        content: str(o, "content"),
        fromName: str(o, "from_name"),
        media,
      };
    }
    case "status":
      return { type, status: str(o, "status") };
    case "qr":
      return { type };
    case "error":
      return { type, error: str(o, "error") };
    case "":
      return "frame without type";
    default:
      return { type: "other", kind: type };
  }
}

/** The frame that sends `content` to chat `to`. */
export function messageFrame(to: string, content: string): string {
  return JSON.stringify({ type: "message", to, content });
}

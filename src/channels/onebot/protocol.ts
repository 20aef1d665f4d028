/**
 * OneBot v11 frames (pure): events pushed by the implementation (`post_type` message / notice /
 * meta_event / request) and API responses matched by `echo` (https://github.com/botuniverse/onebot-11).
 * Ids arrive as numbers or strings depending on the implementation; both are read as decimal strings.
 */

/** One message segment (`{type, data}`). */
export interface Segment {
  type: string;
  data: Record<string, unknown>;
}

/** A parsed frame. */
export type OneBotFrame =
  | { kind: "response"; echo: string; status: string; retcode: number; data: unknown; message: string }
  | {
      kind: "message";
      messageType: "private" | "group";
      messageId: string;
      userId: string;
      groupId: string;
      selfId: string;
      message: string | Segment[];
      nickname: string;
      card: string;
    }
  | { kind: "meta"; metaType: string; subType: string }
  | { kind: "notice"; noticeType: string; subType: string }
  | { kind: "other"; postType: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string) => (typeof o[k] === "string" ? o[k] : "");

/** A decimal id from a number or string field; "" when absent or not an integer. */
export function idOf(value: unknown): string {
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return value.trim();
  return "";
}

/** Parses one text frame; a string says why it is unusable. */
export function parseFrame(text: string): OneBotFrame | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  if (!isObj(raw)) return "not an object";
  const echo =
    typeof raw["echo"] === "string" ? raw["echo"] : raw["echo"] === undefined ? "" : String(raw["echo"]);
  if (echo !== "" || (raw["post_type"] === undefined && typeof raw["status"] === "string")) {
    return {
      kind: "response",
      echo,
      status: str(raw, "status"),
      retcode: typeof raw["retcode"] === "number" ? raw["retcode"] : -1,
      data: raw["data"],
      message: str(raw, "wording") || str(raw, "message") || str(raw, "msg"),
    };
  }
  const postType = str(raw, "post_type");
  switch (postType) {
    case "message": {
      const messageType = str(raw, "message_type");
      if (messageType !== "private" && messageType !== "group")
        return `unknown message_type "${messageType}"`;
      const userId = idOf(raw["user_id"]);
      if (userId === "") return "message without user_id";
      const groupId = idOf(raw["group_id"]);
      if (messageType === "group" && groupId === "") return "group message without group_id";
      const sender = isObj(raw["sender"]) ? raw["sender"] : {};
      return {
        kind: "message",
        messageType,
        messageId: idOf(raw["message_id"]),
        userId,
        groupId,
        selfId: idOf(raw["self_id"]),
        message: parseMessage(raw["message"], str(raw, "raw_message")),
        nickname: str(sender, "nickname"),
        card: str(sender, "card"),
      };
    }
    case "meta_event":
      return { kind: "meta", metaType: str(raw, "meta_event_type"), subType: str(raw, "sub_type") };
    case "notice":
      return { kind: "notice", noticeType: str(raw, "notice_type"), subType: str(raw, "sub_type") };
    case "":
      return "frame without post_type or echo";
    default:
      return { kind: "other", postType };
  }
}

function parseMessage(value: unknown, rawMessage: string): string | Segment[] {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return rawMessage;
  return value.filter(isObj).map((s) => ({ type: str(s, "type"), data: isObj(s["data"]) ? s["data"] : {} }));
}

/** A media segment that names a URL (image, record = voice, video, file). */
export interface OneBotMedia {
  kind: "image" | "record" | "video" | "file";
  url: string;
  /** A display name: `name`, else `file` when it looks like one, else "". */
  name: string;
}

/** What a message says to the agent. */
export interface MessageText {
  text: string;
  mentioned: boolean;
  replyTo: string;
  /** Media segments with an http(s) URL, for the channel to fetch through its SSRF guard. */
  media: OneBotMedia[];
}

const MARKERS: Record<string, string> = {
  image: "[image]",
  record: "[voice]",
  video: "[video]",
  file: "[file]",
};

/**
 * Flattens a message: text segments joined, media as markers (plus their URLs in `media`: the channel
 * fetches them only through its SSRF guard, PicoClaw issue #3070),
 * and the bot's own @ (CQ code `[CQ:at,qq=<self>]` or an `at` segment; `all` counts too) removed.
 */
export function messageText(message: string | Segment[], selfId: string): MessageText {
  if (typeof message === "string") {
    const tags = selfId ? [`[CQ:at,qq=${selfId}]`, "[CQ:at,qq=all]"] : ["[CQ:at,qq=all]"];
    const mentioned = tags.some((tag) => message.includes(tag));
    let text = message;
    for (const tag of tags) text = text.replaceAll(tag, "");
    return { text: text.trim(), mentioned, replyTo: "", media: [] };
  }
  const parts: string[] = [];
  let mentioned = false;
  let replyTo = "";
  const media: OneBotMedia[] = [];
  for (const seg of message) {
    const data = seg.data;
    switch (seg.type) {
      case "text":
        parts.push(typeof data["text"] === "string" ? data["text"] : "");
        break;
      case "at": {
        const qq = String(data["qq"] ?? "");
        if (qq === "all" || (selfId !== "" && qq === selfId)) mentioned = true;
        else if (qq) parts.push(`@${qq}`);
        break;
      }
      case "reply":
        replyTo = String(data["id"] ?? "");
        break;
      case "face":
        parts.push(`[face:${String(data["id"] ?? "")}]`);
        break;
      case "forward":
        parts.push("[forward message]");
        break;
      default: {
        const marker = MARKERS[seg.type];
        if (!marker) break;
        parts.push(marker);
        const url = typeof data["url"] === "string" ? data["url"].trim() : "";
        if (/^https?:\/\//i.test(url))
          media.push({ kind: seg.type as OneBotMedia["kind"], url, name: nameOf(data) });
      }
    }
  }
  return { text: parts.join("").trim(), mentioned, replyTo, media };
}

function nameOf(data: Record<string, unknown>): string {
  for (const key of ["name", "file"]) {
    const value = typeof data[key] === "string" ? data[key].trim() : "";
    // `file` is sometimes a path or URL; only a bare name with an extension is useful.
    if (/^[^/\\:]{1,128}\.[A-Za-z0-9]{1,8}$/.test(value)) return value;
  }
  return "";
}

/** Action and target for a chat id: `group:<id>`, `private:<id>` or a bare id (private). */
export function sendTarget(
  chatId: string,
): { action: string; key: "group_id" | "user_id"; id: number } | undefined {
  const [action, key, raw] = chatId.startsWith("group:")
    ? (["send_group_msg", "group_id", chatId.slice(6)] as const)
    : (["send_private_msg", "user_id", chatId.startsWith("private:") ? chatId.slice(8) : chatId] as const);
  if (!/^\d+$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? { action, key, id } : undefined;
}

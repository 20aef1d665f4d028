/**
 * LINE webhook payloads (pure): `{destination, events: [...]}` with message events from users, groups
 * and rooms (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects). Events
 * this channel does not act on are kept as `other` so the caller can log them.
 */

/** A LINE mention target inside a text message. */
export type LineMentionee =
  | { type: "user"; index: number; length: number; userId: string; isSelf: boolean }
  | { type: "all"; index: number; length: number };

/** The message part of a message event. */
export type LineMessage =
  | { type: "text"; id: string; text: string; quoteToken: string; mentionees: LineMentionee[] }
  | { type: "image" | "audio" | "video"; id: string; quoteToken: string }
  | { type: "file" | "sticker"; id: string; quoteToken: string }
  | { type: "location"; id: string; title: string; quoteToken: string }
  | { type: "unsupported"; id: string; kind: string };

/** Where an event came from. `chatId` is the user, group or room id replies go to. */
export interface LineSource {
  kind: "user" | "group" | "room";
  userId: string;
  chatId: string;
}

/** One webhook event. */
export type LineEvent =
  | {
      type: "message";
      eventId: string;
      replyToken: string;
      timestamp: number;
      source: LineSource;
      message: LineMessage;
    }
  | { type: "other"; eventId: string; kind: string };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string) => (typeof o[k] === "string" ? o[k] : "");
const num = (o: Obj, k: string) => (typeof o[k] === "number" ? o[k] : -1);

/** Parses a webhook body; a string explains why it is unusable. */
export function parseLineWebhook(text: string): LineEvent[] | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "body is not JSON";
  }
  if (!isObj(raw) || !Array.isArray(raw["events"])) return "body has no events array";
  const events: LineEvent[] = [];
  for (const item of raw["events"]) {
    if (!isObj(item)) return "an event is not an object";
    events.push(parseEvent(item));
  }
  return events;
}

function parseEvent(e: Obj): LineEvent {
  const eventId = str(e, "webhookEventId");
  const kind = str(e, "type");
  const source = isObj(e["source"]) ? parseSource(e["source"]) : undefined;
  if (kind !== "message" || !source || !isObj(e["message"])) return { type: "other", eventId, kind };
  return {
    type: "message",
    eventId,
    replyToken: str(e, "replyToken"),
    timestamp: typeof e["timestamp"] === "number" ? e["timestamp"] : 0,
    source,
    message: parseMessage(e["message"]),
  };
}

function parseSource(s: Obj): LineSource | undefined {
  const userId = str(s, "userId");
  switch (str(s, "type")) {
    case "user":
      return userId ? { kind: "user", userId, chatId: userId } : undefined;
    case "group":
      return str(s, "groupId") ? { kind: "group", userId, chatId: str(s, "groupId") } : undefined;
    case "room":
      return str(s, "roomId") ? { kind: "room", userId, chatId: str(s, "roomId") } : undefined;
    default:
      return undefined;
  }
}

function parseMessage(m: Obj): LineMessage {
  const id = str(m, "id");
  const quoteToken = str(m, "quoteToken");
  const type = str(m, "type");
  switch (type) {
    case "text": {
      const mention = isObj(m["mention"]) ? m["mention"] : {};
      const list = Array.isArray(mention["mentionees"]) ? mention["mentionees"] : [];
      const mentionees = list.filter(isObj).map(
        (x): LineMentionee =>
          str(x, "type") === "all"
            ? { type: "all", index: num(x, "index"), length: num(x, "length") }
            : {
                type: "user",
                index: num(x, "index"),
                length: num(x, "length"),
                userId: str(x, "userId"),
                isSelf: x["isSelf"] === true,
              },
      );
      return { type: "text", id, text: str(m, "text"), quoteToken, mentionees };
    }
    case "image":
    case "audio":
    case "video":
    case "file":
    case "sticker":
      return { type, id, quoteToken };
    case "location":
      return { type: "location", id, title: str(m, "title"), quoteToken };
    default:
      return { type: "unsupported", id, kind: type };
  }
}

/** Who the bot is, for mention detection (GET /v2/bot/info). */
export interface LineBot {
  userId: string;
  displayName: string;
}

/** True when a text message mentions the bot (or @All), by metadata or, failing that, by display name. */
export function isLineBotMentioned(
  text: string,
  mentionees: readonly LineMentionee[],
  bot: LineBot,
): boolean {
  for (const m of mentionees) {
    if (m.type === "all") return true;
    if (isBotMentionee(text, m, bot)) return true;
  }
  return bot.displayName !== "" && text.includes(`@${bot.displayName}`);
}

/** Removes the bot's own mentions from `text` (code point ranges, as LINE indexes them) and trims. */
export function stripLineBotMention(
  text: string,
  mentionees: readonly LineMentionee[],
  bot: LineBot,
): string {
  const chars = Array.from(text);
  const own = mentionees
    .filter((m) => m.type === "user" && isBotMentionee(text, m, bot))
    .sort((a, b) => b.index - a.index);
  for (const m of own) {
    if (m.index >= 0 && m.length > 0 && m.index + m.length <= chars.length) chars.splice(m.index, m.length);
  }
  let out = chars.join("");
  if (own.length === 0 && bot.displayName !== "") out = out.replaceAll(`@${bot.displayName}`, "");
  return out.trim();
}

function isBotMentionee(text: string, m: LineMentionee, bot: LineBot): boolean {
  if (m.type !== "user") return false;
  if (m.isSelf || (bot.userId !== "" && m.userId === bot.userId)) return true;
  if (bot.displayName === "" || m.index < 0 || m.length <= 0) return false;
  return Array.from(text)
    .slice(m.index, m.index + m.length)
    .join("")
    .includes(bot.displayName);
}

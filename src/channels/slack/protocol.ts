/**
 * Slack Socket Mode wire types and their parsing (pure). Envelopes are `{envelope_id, type, payload}`;
 * every envelope with an id must be acked by echoing `{envelope_id}`
 * (https://api.slack.com/apis/socket-mode#acknowledge).
 */

/** A file shared with a message (https://api.slack.com/types/file); URLs need the bot token. */
export interface SlackFile {
  id: string;
  name: string;
  mimetype: string;
  /** `slack_audio` for voice clips recorded in Slack. */
  subtype: string;
  size: number;
  /** `url_private_download`, else `url_private`; "" when the event carried neither. */
  url: string;
}

/** A message-like event from the Events API (`message` or `app_mention`). */
export interface SlackMessageEvent {
  type: "message" | "app_mention";
  user: string;
  text: string;
  channel: string;
  ts: string;
  threadTs: string;
  botId: string;
  subtype: string;
  teamId: string;
  /** Files shared with the message (subtype `file_share`); empty when none. */
  files: SlackFile[];
}

/** A slash command delivered over Socket Mode. */
export interface SlackSlashCommand {
  command: string;
  text: string;
  user: string;
  channel: string;
  triggerId: string;
  teamId: string;
}

/** One Socket Mode envelope, by type. `envelopeId` is "" when the frame carried none. */
export type SlackEnvelope =
  | { type: "hello" }
  | { type: "disconnect"; reason: string }
  | { type: "events_api"; envelopeId: string; event: SlackMessageEvent | undefined; eventType: string }
  | { type: "slash_commands"; envelopeId: string; command: SlackSlashCommand }
  | { type: "other"; envelopeId: string; kind: string };

/** Why a frame could not be read. */
export interface SlackProtocolError {
  type: "error";
  reason: string;
  /** Present when the frame still named an envelope, so it can be acked anyway. */
  envelopeId: string;
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null;
const str = (o: Obj, key: string): string => (typeof o[key] === "string" ? o[key] : "");

/** Parses one text frame from the Socket Mode WebSocket. */
export function parseEnvelope(text: string): SlackEnvelope | SlackProtocolError {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { type: "error", reason: "not JSON", envelopeId: "" };
  }
  if (!isObj(raw)) return { type: "error", reason: "not an object", envelopeId: "" };
  const envelopeId = str(raw, "envelope_id");
  const type = str(raw, "type");
  const payload = raw["payload"];
  switch (type) {
    case "hello":
      return { type: "hello" };
    case "disconnect":
      return { type: "disconnect", reason: str(raw, "reason") };
    case "events_api": {
      if (!isObj(payload) || !isObj(payload["event"]))
        return { type: "error", reason: "events_api without payload.event", envelopeId };
      const event = payload["event"];
      return {
        type: "events_api",
        envelopeId,
        eventType: str(event, "type"),
        event: parseMessageEvent(event, str(payload, "team_id")),
      };
    }
    case "slash_commands":
      if (!isObj(payload)) return { type: "error", reason: "slash_commands without payload", envelopeId };
      return {
        type: "slash_commands",
        envelopeId,
        command: {
          command: str(payload, "command"),
          text: str(payload, "text"),
          user: str(payload, "user_id"),
          channel: str(payload, "channel_id"),
          triggerId: str(payload, "trigger_id"),
          teamId: str(payload, "team_id"),
        },
      };
    case "":
      return { type: "error", reason: "envelope without type", envelopeId };
    default:
      return { type: "other", envelopeId, kind: type };
  }
}

function parseMessageEvent(event: Obj, teamId: string): SlackMessageEvent | undefined {
  const type = str(event, "type");
  if (type !== "message" && type !== "app_mention") return undefined;
  const channel = str(event, "channel");
  const ts = str(event, "ts");
  if (channel === "" || ts === "") return undefined;
  return {
    type,
    user: str(event, "user"),
    text: str(event, "text"),
    channel,
    ts,
    threadTs: str(event, "thread_ts"),
    botId: str(event, "bot_id"),
    subtype: str(event, "subtype"),
    teamId: str(event, "team") || teamId,
    files: Array.isArray(event["files"]) ? event["files"].filter(isObj).map(parseFile) : [],
  };
}

function parseFile(file: Obj): SlackFile {
  return {
    id: str(file, "id"),
    name: str(file, "name") || str(file, "title") || "file",
    mimetype: str(file, "mimetype"),
    subtype: str(file, "subtype"),
    size: typeof file["size"] === "number" ? file["size"] : 0,
    url: str(file, "url_private_download") || str(file, "url_private"),
  };
}

/** The ack frame for an envelope. */
export function ackFrame(envelopeId: string): string {
  return JSON.stringify({ envelope_id: envelopeId });
}

/** Splits our chat id `C123` or `C123/1700000000.000100` into channel and thread. */
export function parseSlackChatId(chatId: string): { channel: string; threadTs: string } {
  const slash = chatId.indexOf("/");
  if (slash < 0) return { channel: chatId.trim(), threadTs: "" };
  return { channel: chatId.slice(0, slash).trim(), threadTs: chatId.slice(slash + 1).trim() };
}

/** True for direct-message channels (ids starting with D). */
export function isDirectChannel(channel: string): boolean {
  return channel.startsWith("D");
}

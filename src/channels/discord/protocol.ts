/**
 * Discord Gateway v10 wire format (JSON encoding): opcodes, intents, close codes, and parsers for the
 * payloads this port reads (Hello, Ready, MESSAGE_CREATE). Pure; malformed input becomes a ProtocolError.
 */

/** Gateway opcodes (discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT (privileged; enable it in the portal). */
export const INTENTS = (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15);

/** Close codes after which reconnecting cannot help: bad token, shard, version or intents. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([4004, 4010, 4011, 4012, 4013, 4014]);

/** Close codes that keep the connection alive but void the session (re-identify instead of resuming). */
export const SESSION_LOST_CLOSE_CODES: ReadonlySet<number> = new Set([4007, 4009]);

/** One gateway frame: `{op, d, s, t}`. */
export interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

/** A Discord user, as far as we read it. */
export interface DiscordUser {
  id: string;
  username: string;
  bot: boolean;
  globalName?: string | undefined;
}

/** An attachment of a message. */
export interface DiscordAttachment {
  id: string;
  filename: string;
  url: string;
  size: number;
  contentType?: string | undefined;
}

/** The MESSAGE_CREATE fields this port uses. */
export interface DiscordMessage {
  id: string;
  channelId: string;
  guildId?: string | undefined;
  author: DiscordUser;
  content: string;
  mentionIds: readonly string[];
  attachments: readonly DiscordAttachment[];
  referenceId?: string | undefined;
  referenced?: { author: string; content: string } | undefined;
}

/** Why a frame could not be read. */
export interface ProtocolError {
  error: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** Parses a text frame. */
export function parsePayload(text: string): GatewayPayload | ProtocolError {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: "frame is not JSON" };
  }
  if (!isObj(raw) || typeof raw["op"] !== "number") return { error: "frame without an op" };
  return {
    op: raw["op"],
    d: raw["d"],
    s: typeof raw["s"] === "number" ? raw["s"] : null,
    t: typeof raw["t"] === "string" ? raw["t"] : null,
  };
}

/** `heartbeat_interval` of a Hello, in ms. */
export function helloInterval(d: unknown): number | undefined {
  const interval = isObj(d) ? d["heartbeat_interval"] : undefined;
  return typeof interval === "number" && interval > 0 ? interval : undefined;
}

/** The session facts of READY. */
export function parseReady(
  d: unknown,
): { sessionId: string; resumeUrl?: string; user?: DiscordUser } | ProtocolError {
  if (!isObj(d) || typeof d["session_id"] !== "string") return { error: "READY without session_id" };
  const resumeUrl = str(d["resume_gateway_url"]);
  const user = parseUser(d["user"]);
  return { sessionId: d["session_id"], ...(resumeUrl ? { resumeUrl } : {}), ...(user ? { user } : {}) };
}

/** Parses a User object. */
export function parseUser(raw: unknown): DiscordUser | undefined {
  if (!isObj(raw) || typeof raw["id"] !== "string") return undefined;
  return {
    id: raw["id"],
    username: str(raw["username"]) ?? "",
    bot: raw["bot"] === true,
    globalName: str(raw["global_name"]),
  };
}

/** Parses MESSAGE_CREATE's `d`. */
export function parseMessageCreate(d: unknown): DiscordMessage | ProtocolError {
  if (!isObj(d)) return { error: "MESSAGE_CREATE without data" };
  const author = parseUser(d["author"]);
  const id = str(d["id"]);
  const channelId = str(d["channel_id"]);
  if (!id || !channelId || !author) return { error: "MESSAGE_CREATE without id, channel_id or author" };
  const mentions = Array.isArray(d["mentions"])
    ? d["mentions"].map(parseUser).filter((u) => u !== undefined)
    : [];
  const attachments = Array.isArray(d["attachments"])
    ? d["attachments"].map(parseAttachment).filter((a) => a !== undefined)
    : [];
  const reference = isObj(d["message_reference"]) ? str(d["message_reference"]["message_id"]) : undefined;
  const referenced = isObj(d["referenced_message"]) ? d["referenced_message"] : undefined;
  const referencedAuthor = referenced ? parseUser(referenced["author"]) : undefined;
  return {
    id,
    channelId,
    guildId: str(d["guild_id"]),
    author,
    content: str(d["content"]) ?? "",
    mentionIds: mentions.map((u) => u.id),
    attachments,
    referenceId: reference,
    referenced: referenced
      ? { author: referencedAuthor?.username ?? "unknown", content: str(referenced["content"]) ?? "" }
      : undefined,
  };
}

function parseAttachment(raw: unknown): DiscordAttachment | undefined {
  if (!isObj(raw) || typeof raw["id"] !== "string" || typeof raw["url"] !== "string") return undefined;
  return {
    id: raw["id"],
    filename: str(raw["filename"]) ?? "attachment",
    url: raw["url"],
    size: typeof raw["size"] === "number" ? raw["size"] : 0,
    contentType: str(raw["content_type"]),
  };
}

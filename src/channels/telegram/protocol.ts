/**
 * Telegram Bot API wire types we read (Update, Message, User, Chat, entities, files) and their parsers.
 * Pure: raw JSON in, typed values or a ProtocolError out; a malformed update never throws.
 */

/** A Telegram user (https://core.telegram.org/bots/api#user). */
export interface TgUser {
  id: number;
  isBot: boolean;
  firstName: string;
  username?: string | undefined;
}

/** The chat a message belongs to. `type` is private, group, supergroup or channel. */
export interface TgChat {
  id: number;
  type: string;
  title?: string | undefined;
  isForum: boolean;
}

/** A message entity; offsets and lengths count UTF-16 code units (Bot API §MessageEntity). */
export interface TgEntity {
  type: string;
  offset: number;
  length: number;
  user?: TgUser | undefined;
}

/** A file we may download (photo size, document, voice, audio). */
export interface TgFileRef {
  fileId: string;
  fileName?: string | undefined;
  mimeType?: string | undefined;
  fileSize?: number | undefined;
}

/** The fields of a Message this port uses. */
export interface TgMessage {
  messageId: number;
  threadId?: number | undefined;
  isTopicMessage: boolean;
  from?: TgUser | undefined;
  chat: TgChat;
  text: string;
  entities: readonly TgEntity[];
  /** Largest photo size, when the message is a photo. */
  photo?: TgFileRef | undefined;
  document?: TgFileRef | undefined;
  voice?: TgFileRef | undefined;
  audio?: TgFileRef | undefined;
  replyTo?: TgMessage | undefined;
}

/** One update. Only `message` is requested (allowed_updates), other kinds arrive as `message: undefined`. */
export interface TgUpdate {
  updateId: number;
  message?: TgMessage | undefined;
}

/** Why a value could not be parsed. */
export interface ProtocolError {
  error: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const optStr = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The `update_id` of a raw update, so the offset advances even past updates that fail to parse. */
export function updateIdOf(raw: unknown): number | undefined {
  return isObj(raw) && isInt(raw["update_id"]) ? raw["update_id"] : undefined;
}

/** Parses one element of getUpdates' result. */
export function parseUpdate(raw: unknown): TgUpdate | ProtocolError {
  const updateId = updateIdOf(raw);
  if (!isObj(raw) || updateId === undefined) return { error: "update without an integer update_id" };
  if (raw["message"] === undefined) return { updateId };
  const message = parseMessage(raw["message"]);
  return "error" in message ? { error: `update ${updateId}: ${message.error}` } : { updateId, message };
}

/** Parses a Message object. */
export function parseMessage(raw: unknown, depth = 0): TgMessage | ProtocolError {
  if (!isObj(raw)) return { error: "message is not an object" };
  const chat = parseChat(raw["chat"]);
  if (!isInt(raw["message_id"])) return { error: "message without message_id" };
  if (!chat) return { error: "message without a valid chat" };
  const text = optStr(raw["text"]) ?? optStr(raw["caption"]) ?? "";
  const entities = raw["text"] !== undefined ? raw["entities"] : raw["caption_entities"];
  const photos = Array.isArray(raw["photo"])
    ? raw["photo"].map(parseFile).filter((f) => f !== undefined)
    : [];
  // A reply's own reply_to_message is not sent by Telegram; the depth cap guards against odd input.
  const reply =
    depth === 0 && raw["reply_to_message"] !== undefined
      ? parseMessage(raw["reply_to_message"], 1)
      : undefined;
  return {
    messageId: raw["message_id"],
    threadId: isInt(raw["message_thread_id"]) ? raw["message_thread_id"] : undefined,
    isTopicMessage: raw["is_topic_message"] === true,
    from: parseUser(raw["from"]),
    chat,
    text,
    entities: Array.isArray(entities) ? entities.map(parseEntity).filter((e) => e !== undefined) : [],
    photo: photos.at(-1),
    document: parseFile(raw["document"]),
    voice: parseFile(raw["voice"]),
    audio: parseFile(raw["audio"]),
    replyTo: reply && !("error" in reply) ? reply : undefined,
  };
}

/** Parses a User object. */
export function parseUser(raw: unknown): TgUser | undefined {
  if (!isObj(raw) || !isInt(raw["id"])) return undefined;
  return {
    id: raw["id"],
    isBot: raw["is_bot"] === true,
    firstName: optStr(raw["first_name"]) ?? "",
    username: optStr(raw["username"]),
  };
}

function parseChat(raw: unknown): TgChat | undefined {
  if (!isObj(raw) || !isInt(raw["id"]) || typeof raw["type"] !== "string") return undefined;
  return { id: raw["id"], type: raw["type"], title: optStr(raw["title"]), isForum: raw["is_forum"] === true };
}

function parseEntity(raw: unknown): TgEntity | undefined {
  if (!isObj(raw) || typeof raw["type"] !== "string" || !isInt(raw["offset"]) || !isInt(raw["length"])) {
    return undefined;
  }
  return { type: raw["type"], offset: raw["offset"], length: raw["length"], user: parseUser(raw["user"]) };
}

function parseFile(raw: unknown): TgFileRef | undefined {
  if (!isObj(raw) || typeof raw["file_id"] !== "string") return undefined;
  return {
    fileId: raw["file_id"],
    fileName: optStr(raw["file_name"]),
    mimeType: optStr(raw["mime_type"]),
    fileSize: isInt(raw["file_size"]) ? raw["file_size"] : undefined,
  };
}

/** Reads the `message_id` of a sent Message (sendMessage, sendPhoto…). */
export function sentMessageId(result: unknown): string | undefined {
  return isObj(result) && isInt(result["message_id"]) ? String(result["message_id"]) : undefined;
}

/** Reads `file_path` from getFile's File object. */
export function filePathOf(result: unknown): string | undefined {
  return isObj(result) ? optStr(result["file_path"]) : undefined;
}

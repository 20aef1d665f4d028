/**
 * Turns a Telegram Message into an InboundMessage (PicoClaw's handleMessage): canonical sender
 * `telegram:<id>`, mention detection (@bot entity, text mention, /cmd@bot, reply to the bot) with
 * stripping, forum topics as `topicId`, quoted replies, and files fetched through getFile into the
 * media store. The allow list is checked first so rejected senders cost no downloads.
 */
import type { ChatType, InboundMessage, SenderInfo } from "../../bus/message.ts";
import { buildCanonicalId } from "../../identity/canonical-id.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import { isAllowedSender } from "../allow-list.ts";
import type { TelegramApi } from "./api.ts";
import { filePathOf, type TgFileRef, type TgMessage, type TgUser } from "./protocol.ts";

/** The bot's own identity (from getMe). */
export interface BotIdentity {
  id: number;
  username: string;
}

/** What the conversion needs. */
export interface InboundDeps {
  channel: string;
  bot: BotIdentity;
  api: TelegramApi;
  media?: MediaStore | undefined;
  maxMediaBytes: number;
  allowFrom: readonly string[];
  log: Logger;
  signal?: AbortSignal | undefined;
}

/** A message ready for `ChannelDeps.publish`, with the facts the group trigger needs. */
export interface InboundResult {
  message: InboundMessage;
  isGroup: boolean;
  mentioned: boolean;
}

/** Converts one message; undefined when it is not for the agent (no sender, own message, not allowed, empty). */
export async function toInbound(msg: TgMessage, deps: InboundDeps): Promise<InboundResult | undefined> {
  const user = msg.from;
  if (!user || user.id === deps.bot.id) return undefined;
  const platformId = String(user.id);
  const sender: SenderInfo = {
    platform: "telegram",
    platformId,
    canonicalId: buildCanonicalId("telegram", platformId),
    username: user.username,
    displayName: user.firstName,
  };
  if (!isAllowedSender(deps.allowFrom, sender)) return undefined;

  const chatId = String(msg.chat.id);
  const messageId = String(msg.messageId);
  const scope = `${deps.channel}:${chatId}:${messageId}`;
  const parts: string[] = [];
  const media: string[] = [];
  if (msg.text.trim()) parts.push(msg.text.trim());
  const files: [TgFileRef | undefined, string, string][] = [
    [msg.photo, "[image: photo]", "photo.jpg"],
    [msg.voice, "[voice]", "voice.ogg"],
    [msg.audio, "[audio]", "audio.mp3"],
    [msg.document, "[file]", "document"],
  ];
  for (const [file, tag, fallbackName] of files) {
    if (!file) continue;
    parts.push(tag);
    const ref = await storeFile(file, file.fileName ?? fallbackName, scope, deps);
    if (ref) media.push(ref);
  }
  let content = parts.join("\n");
  if (!content) return undefined;

  const isGroup = msg.chat.type !== "private";
  let mentioned = false;
  if (isGroup) {
    mentioned = isBotMentioned(msg, deps.bot);
    if (mentioned) content = stripBotMention(content, deps.bot.username);
  }
  if (msg.replyTo) content = prependQuote(content, msg.replyTo, deps.bot);

  const chatType: ChatType = isGroup ? "group" : "direct";
  const topicId = msg.chat.isForum && msg.threadId ? String(msg.threadId) : undefined;
  const message: InboundMessage = {
    context: {
      channel: deps.channel,
      chatId,
      chatType,
      topicId,
      senderId: platformId,
      messageId,
      replyToMessageId: msg.replyTo ? String(msg.replyTo.messageId) : undefined,
      mentioned,
      raw: {
        user_id: platformId,
        username: user.username ?? "",
        first_name: user.firstName,
        is_group: String(isGroup),
      },
    },
    sender,
    content,
    media: media.length > 0 ? media : undefined,
    mediaScope: scope,
  };
  return { message, isGroup, mentioned };
}

/** True when the message addresses the bot: an @mention, a text mention, /cmd@bot, or a reply to it. */
export function isBotMentioned(msg: TgMessage, bot: BotIdentity): boolean {
  if (msg.replyTo?.from?.id === bot.id) return true;
  const name = bot.username.toLowerCase();
  for (const entity of msg.entities) {
    // Offsets count UTF-16 code units, which is exactly how JS strings index.
    const text = msg.text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
    if (entity.type === "mention" && name !== "" && text === `@${name}`) return true;
    if (entity.type === "text_mention" && entity.user?.id === bot.id) return true;
    // A bare /command in a group is addressed to every bot, this one included (as PicoClaw).
    if (
      entity.type === "bot_command" &&
      (!text.includes("@") || (name !== "" && text.endsWith(`@${name}`)))
    ) {
      return true;
    }
  }
  return false;
}

/** Removes every `@botname` (any case) and trims. */
export function stripBotMention(content: string, username: string): string {
  if (!username) return content.trim();
  const escaped = username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return content.replace(new RegExp(`@${escaped}\\b`, "gi"), "").trim();
}

function prependQuote(content: string, reply: TgMessage, bot: BotIdentity): string {
  const quoted = [reply.text.trim(), reply.photo ? "[image: photo]" : "", reply.voice ? "[voice]" : ""]
    .filter(Boolean)
    .join("\n");
  if (!quoted) return content;
  const role = quoteRole(reply.from, bot);
  const author = reply.from?.username || reply.from?.firstName || "unknown";
  return `[quoted ${role} message from ${author}]: ${quoted}\n\n${content}`;
}

function quoteRole(from: TgUser | undefined, bot: BotIdentity): string {
  if (!from) return "unknown";
  if (!from.isBot) return "user";
  return from.id === bot.id ? "assistant" : "bot";
}

async function storeFile(
  file: TgFileRef,
  filename: string,
  scope: string,
  deps: InboundDeps,
): Promise<string | undefined> {
  if (!deps.media) return undefined;
  if (file.fileSize !== undefined && file.fileSize > deps.maxMediaBytes) {
    deps.log.warn("telegram file too large, not downloaded", {
      size: file.fileSize,
      max: deps.maxMediaBytes,
    });
    return undefined;
  }
  try {
    const path = filePathOf(
      await deps.api.call("getFile", { file_id: file.fileId }, { signal: deps.signal }),
    );
    if (!path) return undefined;
    const bytes = await deps.api.download(path, deps.maxMediaBytes, {
      signal: deps.signal,
      timeoutMs: 60_000,
    });
    const meta = { filename, contentType: file.mimeType, source: "telegram" };
    return await deps.media.storeBytes(bytes, meta, scope);
  } catch (error) {
    deps.log.warn("telegram file not downloaded", { error: errorMessage(error) });
    return undefined;
  }
}

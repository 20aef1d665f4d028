/**
 * Turns a MESSAGE_CREATE into an InboundMessage (PicoClaw's discord handleMessage): own and other bots'
 * messages are ignored, the sender becomes `discord:<user id>`, `<@bot>`/`<@!bot>` mentions are detected
 * and stripped, replies are quoted, and attachments are downloaded into the media store after the
 * allow-list check.
 */
import type { InboundMessage, SenderInfo } from "../../bus/message.ts";
import { buildCanonicalId } from "../../identity/canonical-id.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import { isAllowedSender } from "../allow-list.ts";
import type { DiscordAttachment, DiscordMessage } from "./protocol.ts";
import type { DiscordRest } from "./rest.ts";

/** What the conversion needs. */
export interface DiscordInboundDeps {
  channel: string;
  botId: string;
  rest: DiscordRest;
  media?: MediaStore | undefined;
  maxMediaBytes: number;
  allowFrom: readonly string[];
  /** settings.mention_only: guild messages must mention the bot. */
  mentionOnly: boolean;
  log: Logger;
  signal?: AbortSignal | undefined;
}

/** A message for `ChannelDeps.publish`, with the facts the group trigger needs. */
export interface DiscordInbound {
  message: InboundMessage;
  isGroup: boolean;
  mentioned: boolean;
}

/** Converts one message; undefined when it is not for the agent. */
export async function toDiscordInbound(
  msg: DiscordMessage,
  deps: DiscordInboundDeps,
): Promise<DiscordInbound | undefined> {
  if (msg.author.bot || msg.author.id === deps.botId) return undefined;
  const sender: SenderInfo = {
    platform: "discord",
    platformId: msg.author.id,
    canonicalId: buildCanonicalId("discord", msg.author.id),
    username: msg.author.username,
    displayName: msg.author.globalName ?? msg.author.username,
  };
  if (!isAllowedSender(deps.allowFrom, sender)) return undefined;

  const isGroup = msg.guildId !== undefined;
  const mentioned = isGroup && isBotMentioned(msg, deps.botId);
  if (isGroup && deps.mentionOnly && !mentioned) return undefined;
  let content = stripBotMention(msg.content, deps.botId);
  if (msg.referenced?.content) {
    content = `[quoted message from ${msg.referenced.author}]: ${msg.referenced.content}\n\n${content}`;
  }

  const scope = `${deps.channel}:${msg.channelId}:${msg.id}`;
  const media: string[] = [];
  for (const attachment of msg.attachments) {
    const ref = await storeAttachment(attachment, scope, deps);
    if (ref) media.push(ref);
    const tag = ref ? attachmentTag(attachment) : "attachment";
    content = content ? `${content}\n[${tag}: ${attachment.filename}]` : `[${tag}: ${attachment.filename}]`;
  }
  if (!content.trim()) return undefined;

  const message: InboundMessage = {
    context: {
      channel: deps.channel,
      chatId: msg.channelId,
      chatType: isGroup ? "channel" : "direct",
      spaceId: msg.guildId,
      spaceType: isGroup ? "guild" : undefined,
      senderId: msg.author.id,
      messageId: msg.id,
      replyToMessageId: msg.referenceId,
      mentioned,
      raw: {
        user_id: msg.author.id,
        username: msg.author.username,
        guild_id: msg.guildId ?? "",
        channel_id: msg.channelId,
        is_dm: String(!isGroup),
      },
    },
    sender,
    content: content.trim(),
    media: media.length > 0 ? media : undefined,
    mediaScope: scope,
  };
  return { message, isGroup, mentioned };
}

/** True when the content or the mention list names the bot. */
export function isBotMentioned(msg: DiscordMessage, botId: string): boolean {
  return (
    msg.mentionIds.includes(botId) ||
    msg.content.includes(`<@${botId}>`) ||
    msg.content.includes(`<@!${botId}>`)
  );
}

/** Removes `<@id>` and `<@!id>` mentions of the bot and trims. */
export function stripBotMention(content: string, botId: string): string {
  return content.split(`<@${botId}>`).join("").split(`<@!${botId}>`).join("").trim();
}

/** image, audio, video or file, by content type then extension (as PicoClaw). */
export function attachmentTag(attachment: DiscordAttachment): string {
  const type = attachment.contentType?.toLowerCase() ?? "";
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("audio/") || type === "application/ogg") return "audio";
  if (type.startsWith("video/")) return "video";
  const ext = attachment.filename.toLowerCase().split(".").pop() ?? "";
  if (["jpg", "jpeg", "png", "gif", "webp", "bmp"].includes(ext)) return "image";
  if (["mp3", "wav", "ogg", "m4a", "flac", "aac"].includes(ext)) return "audio";
  if (["mp4", "avi", "mov", "webm", "mkv"].includes(ext)) return "video";
  return "file";
}

async function storeAttachment(
  attachment: DiscordAttachment,
  scope: string,
  deps: DiscordInboundDeps,
): Promise<string | undefined> {
  if (!deps.media) return undefined;
  if (attachment.size > deps.maxMediaBytes) {
    deps.log.warn("discord attachment too large, not downloaded", { size: attachment.size });
    return undefined;
  }
  try {
    const bytes = await deps.rest.download(attachment.url, deps.maxMediaBytes, { signal: deps.signal });
    const meta = { filename: attachment.filename, contentType: attachment.contentType, source: "discord" };
    return await deps.media.storeBytes(bytes, meta, scope);
  } catch (error) {
    deps.log.warn("discord attachment not downloaded", { error: errorMessage(error) });
    return undefined;
  }
}

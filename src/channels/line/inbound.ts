/**
 * LINE message events → InboundMessages. Text keeps its words (the bot's own mention stripped in
 * groups); images, audio and video are fetched from the content API into the media store, within the
 * media size limit; other kinds become a short marker such as "[sticker]".
 */
import type { InboundMessage } from "../../bus/message.ts";
import { buildCanonicalId } from "../../identity/canonical-id.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import type { LineApi } from "./api.ts";
import { isLineBotMentioned, type LineBot, type LineEvent, stripLineBotMention } from "./protocol.ts";

/** A message event. */
export type LineMessageEvent = Extract<LineEvent, { type: "message" }>;

/** What the conversion needs. */
export interface LineInboundDeps {
  channelName: string;
  bot: LineBot;
  api: LineApi;
  media?: MediaStore | undefined;
  maxMediaBytes: number;
  log: Logger;
}

/** An inbound message plus the facts the manager's group policy needs. */
export interface LineInbound {
  message: InboundMessage;
  isGroup: boolean;
  mentioned: boolean;
}

const MEDIA_NAMES = { image: "image.jpg", audio: "audio.m4a", video: "video.mp4" } as const;

/** Converts one message event; undefined when there is nothing to offer. */
export async function lineEventToInbound(
  event: LineMessageEvent,
  deps: LineInboundDeps,
): Promise<LineInbound | undefined> {
  const { source, message: m } = event;
  const isGroup = source.kind !== "user";
  const scope = `${deps.channelName}:${source.chatId}:${m.id}`;
  let content = "";
  let mentioned = false;
  const media: string[] = [];
  switch (m.type) {
    case "text":
      mentioned = isLineBotMentioned(m.text, m.mentionees, deps.bot);
      content = isGroup ? stripLineBotMention(m.text, m.mentionees, deps.bot) : m.text;
      break;
    case "image":
    case "audio":
    case "video": {
      const ref = await download(m.id, MEDIA_NAMES[m.type], scope, deps);
      if (ref) media.push(ref);
      content = `[${m.type}]`;
      break;
    }
    case "file":
    case "sticker":
      content = `[${m.type}]`;
      break;
    case "location":
      content = m.title ? `[location: ${m.title}]` : "[location]";
      break;
    case "unsupported":
      deps.log.debug("LINE message type ignored", { kind: m.kind });
      return undefined;
    default:
      return m satisfies never;
  }
  if (content.trim() === "") return undefined;
  const senderId = source.userId;
  return {
    isGroup,
    mentioned,
    message: {
      content,
      media: media.length > 0 ? media : undefined,
      mediaScope: media.length > 0 ? scope : undefined,
      sender: senderId
        ? { platform: "line", platformId: senderId, canonicalId: buildCanonicalId("line", senderId) }
        : undefined,
      context: {
        channel: deps.channelName,
        chatId: source.chatId,
        chatType: isGroup ? "group" : "direct",
        senderId: senderId || undefined,
        messageId: m.id || undefined,
        mentioned,
        raw: { platform: "line", source_type: source.kind },
      },
    },
  };
}

async function download(
  id: string,
  filename: string,
  scope: string,
  deps: LineInboundDeps,
): Promise<string | undefined> {
  if (!deps.media || id === "") return undefined;
  try {
    const { bytes, contentType } = await deps.api.content(id, deps.maxMediaBytes);
    return await deps.media.storeBytes(bytes, { filename, contentType, source: "line" }, scope);
  } catch (error) {
    deps.log.warn("LINE media not downloaded", { messageId: id, error: errorMessage(error) });
    return undefined;
  }
}

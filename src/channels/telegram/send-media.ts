/**
 * Outbound media as Bot API multipart uploads: images through sendPhoto, audio through sendAudio,
 * video through sendVideo and anything else through sendDocument, each with its caption.
 */

import type { MediaPart } from "../../bus/message.ts";
import type { MediaStore } from "../../media/store.ts";
import { loadOutboundMedia, requireMediaStore } from "../outbound-media.ts";
import { type CallOptions, type TelegramApi, toSendError } from "./api.ts";
import { type ChatTarget, targetParams } from "./chat-target.ts";
import { sentMessageId } from "./protocol.ts";

/** Bot API captions hold at most 1024 characters. */
const MAX_CAPTION = 1024;

const METHOD: Record<MediaPart["type"], [method: string, field: string]> = {
  image: ["sendPhoto", "photo"],
  audio: ["sendAudio", "audio"],
  video: ["sendVideo", "video"],
  file: ["sendDocument", "document"],
};

/** Uploads each part in order; throws a classified send error on the first failure. */
export async function sendTelegramMedia(
  api: TelegramApi,
  store: MediaStore | undefined,
  target: ChatTarget,
  parts: readonly MediaPart[],
  options: CallOptions = {},
): Promise<string[]> {
  const media = requireMediaStore(store, "telegram");
  const ids: string[] = [];
  for (const part of parts) {
    const { data, filename } = await loadOutboundMedia(media, part, "telegram");
    const [method, field] = METHOD[part.type];
    const form = new FormData();
    for (const [key, value] of Object.entries(targetParams(target))) form.set(key, String(value));
    if (part.caption) form.set("caption", [...part.caption].slice(0, MAX_CAPTION).join(""));
    const blob = new Blob([data], part.contentType ? { type: part.contentType } : {});
    form.set(field, blob, filename);
    try {
      const id = sentMessageId(await api.upload(method, form, { timeoutMs: 120_000, ...options }));
      if (id) ids.push(id);
    } catch (error) {
      throw toSendError(error);
    }
  }
  return ids;
}

/**
 * Outbound media as Bot API multipart uploads: images through sendPhoto, audio through sendAudio,
 * video through sendVideo and anything else through sendDocument, each with its caption.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { MediaPart } from "../../bus/message.ts";
import type { MediaStore } from "../../media/store.ts";
import { PermanentSendError } from "../send-error.ts";
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
  if (!store) throw new PermanentSendError("telegram: no media store to read outbound media from");
  const ids: string[] = [];
  for (const part of parts) {
    let path: string;
    let data: Uint8Array;
    try {
      path = store.resolve(part.ref);
      data = await readFile(path);
    } catch (error) {
      throw new PermanentSendError(`telegram: media ${part.ref} unavailable: ${String(error)}`);
    }
    const [method, field] = METHOD[part.type];
    const form = new FormData();
    for (const [key, value] of Object.entries(targetParams(target))) form.set(key, String(value));
    if (part.caption) form.set("caption", [...part.caption].slice(0, MAX_CAPTION).join(""));
    const blob = new Blob([data], part.contentType ? { type: part.contentType } : {});
    form.set(field, blob, part.filename || basename(path));
    try {
      const id = sentMessageId(await api.upload(method, form, { timeoutMs: 120_000, ...options }));
      if (id) ids.push(id);
    } catch (error) {
      throw toSendError(error);
    }
  }
  return ids;
}

/**
 * Outbound media through Slack's external upload flow (files.upload is retired): for each part
 * files.getUploadURLExternal, then the bytes POSTed to the returned URL, then one
 * files.completeUploadExternal that shares them all in the channel and thread, with the first caption
 * as the comment (https://api.slack.com/messaging/files#uploading_files).
 */

import type { MediaPart } from "../../bus/message.ts";
import type { MediaStore } from "../../media/store.ts";
import { loadOutboundMedia, requireMediaStore } from "../outbound-media.ts";
import { PermanentSendError } from "../send-error.ts";
import type { SlackWebApi } from "./web-api.ts";

/** Uploads `parts` and shares them; throws send-error classes. Slack returns no message ts here. */
export async function sendSlackMedia(
  api: SlackWebApi,
  store: MediaStore | undefined,
  target: { channel: string; threadTs: string },
  parts: readonly MediaPart[],
): Promise<void> {
  const media = requireMediaStore(store, "slack");
  const uploaded: { id: string; title: string }[] = [];
  for (const part of parts) {
    const { data, filename } = await loadOutboundMedia(media, part, "slack");
    // Slack refuses length 0 (missing_argument); an empty file cannot be shared.
    if (data.byteLength === 0) throw new PermanentSendError(`slack: media ${part.ref} is empty`);
    const { uploadUrl, fileId } = await api.getUploadUrl(filename, data.byteLength);
    await api.putUpload(uploadUrl, data);
    uploaded.push({ id: fileId, title: filename });
  }
  if (uploaded.length === 0) return;
  const caption = parts.map((p) => p.caption?.trim() ?? "").find((c) => c !== "") ?? "";
  await api.completeUpload(uploaded, target.channel, target.threadTs, caption);
}

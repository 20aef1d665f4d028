/** Builds the message.create frame of an outbound media message: attachments with download URLs. */
import type { OutboundMediaMessage } from "../../bus/message.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import { PermanentSendError } from "../send-error.ts";
import { inferAttachmentType, type MessagePayload, type PicoAttachment, picoMediaUrl } from "./protocol.ts";

/** The frame for `message`; parts whose ref does not resolve are skipped (and logged). */
export function buildMediaFrame(
  message: OutboundMediaMessage,
  media: MediaStore,
  log: Logger,
): { type: "message.create"; payload: MessagePayload } {
  const attachments: PicoAttachment[] = [];
  let caption = "";
  for (const part of message.parts) {
    let resolved: ReturnType<MediaStore["resolveWithMeta"]>;
    const url = picoMediaUrl(part.ref);
    try {
      resolved = media.resolveWithMeta(part.ref);
      if (!url) throw new Error("invalid media ref");
    } catch (error) {
      log.error("media ref not resolvable", { ref: part.ref, error: String(error) });
      continue;
    }
    const filename =
      part.filename?.trim() || resolved.meta.filename?.trim() || resolved.path.split("/").pop() || "";
    const contentType =
      part.contentType?.trim() || resolved.meta.contentType?.trim() || "application/octet-stream";
    attachments.push({
      type: part.type || inferAttachmentType(filename, contentType),
      url,
      filename,
      content_type: contentType,
    });
    if (caption === "" && part.caption?.trim()) caption = part.caption.trim();
  }
  if (attachments.length === 0) throw new PermanentSendError("no deliverable media parts");
  return {
    type: "message.create",
    payload: { content: caption, message_id: message.id ?? crypto.randomUUID(), attachments },
  };
}

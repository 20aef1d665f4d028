/**
 * GET /pico/media/<id>: downloads a `media://<id>` file with the same auth as the socket. Images other
 * than SVG are served inline, everything else as an attachment (so a served SVG cannot run script).
 */
import { openAsBlob } from "node:fs";
import type { MediaStore } from "../../media/store.ts";
import type { HttpHandler } from "../../platform/platform.ts";
import { authenticate } from "./auth.ts";
import { inferAttachmentType } from "./protocol.ts";
import type { PicoSettings } from "./settings.ts";
import { text } from "./ws-endpoint.ts";

/** Creates the media download handler. */
export function createMediaHandler(
  settings: PicoSettings,
  isRunning: () => boolean,
  media: MediaStore | undefined,
): HttpHandler {
  return async (request) => {
    if (!isRunning()) return text(503, "channel not running");
    if (!authenticate(request, settings).ok) return text(401, "unauthorized");
    const path = new URL(request.url).pathname;
    const id = decodeURIComponent(path.replace(/^\/pico\/media\//, ""))
      .replace(/^\/+/, "")
      .trim();
    if (id === "" || id.includes("/")) return text(404, "404 page not found");
    if (!media) return text(503, "media store unavailable");
    let file: { path: string; meta: { filename?: string | undefined; contentType?: string | undefined } };
    try {
      file = media.resolveWithMeta(`media://${id}`);
    } catch {
      return text(404, "404 page not found");
    }
    let blob: Blob;
    try {
      blob = await openAsBlob(file.path);
    } catch {
      return text(500, "failed to open media");
    }
    const filename = file.meta.filename?.trim() || file.path.split("/").pop() || id;
    const contentType = file.meta.contentType?.trim() || "application/octet-stream";
    const inline =
      !/svg/i.test(contentType) &&
      !filename.toLowerCase().endsWith(".svg") &&
      inferAttachmentType(filename, contentType) === "image";
    return new Response(blob, {
      headers: {
        "content-type": contentType,
        "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(filename)}`,
        "content-length": String(blob.size),
      },
    });
  };
}

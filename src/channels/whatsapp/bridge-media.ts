/**
 * Media the WhatsApp bridge saved on this machine: each path is registered in the media store as a
 * `forget_only` ref (the bridge owns the file, we never delete it), files over the size limit are left
 * out, and each kept file adds a `[kind: name]` tag to the content. The bridge does not say what a file
 * is, so the kind comes from the extension (WhatsApp voice notes are .ogg/.opus, tagged as audio).
 */
import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";

/** What registering needs. */
export interface BridgeMediaDeps {
  media?: MediaStore | undefined;
  maxBytes: number;
  log: Logger;
}

const KINDS: Record<string, "image" | "audio" | "video"> = {
  ".jpg": "image",
  ".jpeg": "image",
  ".png": "image",
  ".gif": "image",
  ".webp": "image",
  ".ogg": "audio",
  ".opus": "audio",
  ".oga": "audio",
  ".mp3": "audio",
  ".m4a": "audio",
  ".aac": "audio",
  ".amr": "audio",
  ".wav": "audio",
  ".mp4": "video",
  ".3gp": "video",
  ".mov": "video",
  ".webm": "video",
};

/** image, audio, video or file, by extension. */
export function bridgeMediaKind(path: string): "image" | "audio" | "video" | "file" {
  return KINDS[extname(path).toLowerCase()] ?? "file";
}

/** Registers the paths under `scope`; returns refs and content tags of the files kept. Never throws. */
export function registerBridgeMedia(
  paths: readonly string[],
  scope: string,
  deps: BridgeMediaDeps,
): { refs: string[]; tags: string[] } {
  const result = { refs: [] as string[], tags: [] as string[] };
  const store = deps.media;
  if (!store) return result;
  for (const path of paths) {
    try {
      const size = statSync(path).size;
      if (size > deps.maxBytes) {
        deps.log.warn("bridge media too large, not offered", { path, size, max: deps.maxBytes });
        continue;
      }
      const filename = basename(path);
      result.refs.push(
        store.store(path, { filename, source: "whatsapp", cleanupPolicy: "forget_only" }, scope),
      );
      result.tags.push(`[${bridgeMediaKind(path)}: ${filename}]`);
    } catch (error) {
      deps.log.warn("bridge media not found", { path, error: errorMessage(error) });
    }
  }
  return result;
}

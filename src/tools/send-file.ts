/**
 * `send_file`: sends a workspace file to the current chat as media. The path goes through the same
 * sandbox as read_file; the bytes are copied into the media store (a store-owned copy, so releasing the
 * ref can never delete the user's workspace file) and published as one OutboundMediaMessage.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { type MediaPart, type OutboundMediaMessage, outboundContext } from "../bus/message.ts";
import type { MediaStore } from "../media/store.ts";
import { type FsToolOptions, resolveWorkspacePath } from "./fs/workspace-path.ts";
import type { Tool } from "./tool.ts";
import { optionalString, requiredString, toolArgs } from "./tool-args.ts";
import { catchToolErrors, describeError, errorResult, textResult } from "./tool-result.ts";

/** Options for `createSendFileTool`. */
export interface SendFileToolOptions {
  fs: FsToolOptions;
  media: MediaStore;
  /** Puts the message on the outbound media queue (MessageBus.publishOutboundMedia). */
  publishMedia(message: OutboundMediaMessage): Promise<void> | void;
  /** `agents.defaults.max_media_size`; default 20 MB. */
  maxBytes?: number | undefined;
}

/** Media type and MIME type by extension; anything else is a `file` of application/octet-stream. */
const TYPES: Record<string, readonly [MediaPart["type"], string]> = {
  ".png": ["image", "image/png"],
  ".jpg": ["image", "image/jpeg"],
  ".jpeg": ["image", "image/jpeg"],
  ".gif": ["image", "image/gif"],
  ".webp": ["image", "image/webp"],
  ".bmp": ["image", "image/bmp"],
  ".mp3": ["audio", "audio/mpeg"],
  ".ogg": ["audio", "audio/ogg"],
  ".opus": ["audio", "audio/opus"],
  ".m4a": ["audio", "audio/mp4"],
  ".wav": ["audio", "audio/wav"],
  ".flac": ["audio", "audio/flac"],
  ".mp4": ["video", "video/mp4"],
  ".mov": ["video", "video/quicktime"],
  ".webm": ["video", "video/webm"],
  ".pdf": ["file", "application/pdf"],
  ".txt": ["file", "text/plain"],
  ".md": ["file", "text/markdown"],
  ".csv": ["file", "text/csv"],
  ".json": ["file", "application/json"],
  ".zip": ["file", "application/zip"],
};

/** The media part type and content type for a file name. */
export function mediaTypeOf(filename: string): { type: MediaPart["type"]; contentType: string } {
  const [type, contentType] = TYPES[extname(filename).toLowerCase()] ?? ["file", "application/octet-stream"];
  return { type, contentType };
}

/** Creates the `send_file` tool. */
export function createSendFileTool(options: SendFileToolOptions): Tool {
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  return {
    definition: {
      name: "send_file",
      description:
        "Send a local file (image, document, audio, video) to the user in the current chat. Relative paths are resolved from the workspace.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string", description: "Path of the file; relative paths start at the workspace." },
          filename: { type: "string", description: "Name shown to the user; defaults to the file's name." },
        },
        required: ["path"],
      },
    },
    execute: catchToolErrors("send_file", async (raw, context) => {
      const args = toolArgs(raw);
      const path = requiredString(args, "path");
      if (context.isInternal) {
        return errorResult(
          `send_file: the ${context.channel} channel has no chat to send a file to; tell the user the path instead`,
        );
      }
      const resolved = await resolveWorkspacePath(path, options.fs, "read");
      const info = await stat(resolved).catch(() => undefined);
      if (!info) return errorResult(`file not found: ${path}`);
      if (!info.isFile()) return errorResult(`not a regular file: ${path}`);
      if (info.size > maxBytes) return errorResult(`file too large: ${info.size} bytes (max ${maxBytes})`);
      if (info.size === 0) return errorResult(`file is empty: ${path}`);
      const filename = basename(optionalString(args, "filename")?.trim() || resolved);
      const { type, contentType } = mediaTypeOf(filename);
      const bytes = await readFile(resolved);
      const scope = `tool:send_file:${context.channel}:${context.chatId}`;
      const ref = await options.media.storeBytes(
        bytes,
        { filename, contentType, source: "tool:send_file" },
        scope,
      );
      try {
        await options.publishMedia({
          context: outboundContext(context.channel, context.chatId),
          parts: [{ type, ref, filename, contentType }],
        });
      } catch (error) {
        // The stored copy is left to the media janitor: other refs of this scope may still be queued.
        return errorResult(`file not sent: ${describeError(error)}`);
      }
      return textResult(`File "${filename}" (${type}, ${bytes.byteLength} bytes) sent to the user`);
    }),
  };
}

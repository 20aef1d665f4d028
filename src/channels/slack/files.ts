/**
 * Inbound Slack files into the media store: each file is fetched from its private URL with the bot token
 * (size-limited) and offered as a `media://` ref, with a `[kind: name]` tag in the content so the agent
 * knows what arrived. A file that cannot be fetched keeps a tag but no ref.
 */
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import type { SlackFile } from "./protocol.ts";

/** What fetching needs. */
export interface SlackFileDeps {
  download(url: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array>;
  media?: MediaStore | undefined;
  maxMediaBytes: number;
  log: Logger;
  signal?: AbortSignal | undefined;
}

/** Refs of the stored files and one content tag per file, in the event's order. */
export interface SlackFilesResult {
  refs: string[];
  tags: string[];
}

/** The tag kind: `voice` for clips recorded in Slack, else by MIME type. */
export function slackFileKind(file: SlackFile): "voice" | "image" | "audio" | "video" | "file" {
  if (file.subtype === "slack_audio") return "voice";
  const major = file.mimetype.toLowerCase().split("/")[0];
  if (major === "image" || major === "audio" || major === "video") return major;
  return "file";
}

/** Fetches every file into the store under `scope`. Never throws; failures are logged. */
export async function fetchSlackFiles(
  files: readonly SlackFile[],
  scope: string,
  deps: SlackFileDeps,
): Promise<SlackFilesResult> {
  const result: SlackFilesResult = { refs: [], tags: [] };
  for (const file of files) {
    const ref = await fetchOne(file, scope, deps);
    if (ref) result.refs.push(ref);
    result.tags.push(`[${ref ? slackFileKind(file) : "attachment"}: ${file.name}]`);
  }
  return result;
}

async function fetchOne(file: SlackFile, scope: string, deps: SlackFileDeps): Promise<string | undefined> {
  if (!deps.media) return undefined;
  if (file.url === "") {
    deps.log.warn("slack file without a download URL", { fileId: file.id });
    return undefined;
  }
  if (file.size > deps.maxMediaBytes) {
    deps.log.warn("slack file too large, not downloaded", { size: file.size, max: deps.maxMediaBytes });
    return undefined;
  }
  try {
    const bytes = await deps.download(file.url, deps.maxMediaBytes, deps.signal);
    const meta = { filename: file.name, contentType: file.mimetype || undefined, source: "slack" };
    return await deps.media.storeBytes(bytes, meta, scope);
  } catch (error) {
    deps.log.warn("slack file not downloaded", { fileId: file.id, error: errorMessage(error) });
    return undefined;
  }
}

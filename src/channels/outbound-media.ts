/**
 * Loads the bytes of an outbound media part from the media store, for channels that upload files.
 * A missing store or ref can never succeed on retry, so both are PermanentSendError.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { MediaPart } from "../bus/message.ts";
import { errorMessage } from "../lib/errors.ts";
import type { MediaStore } from "../media/store.ts";
import { PermanentSendError } from "./send-error.ts";

/** A media part ready to upload. */
export interface LoadedMedia {
  data: Uint8Array;
  /** The part's filename, else the stored file's name. */
  filename: string;
}

/** Throws unless the channel was given a media store. */
export function requireMediaStore(store: MediaStore | undefined, channel: string): MediaStore {
  if (!store) throw new PermanentSendError(`${channel}: no media store to read outbound media from`);
  return store;
}

/** Reads `part` from `store`; an unknown ref or unreadable file is permanent. */
export async function loadOutboundMedia(
  store: MediaStore,
  part: MediaPart,
  channel: string,
): Promise<LoadedMedia> {
  try {
    const path = store.resolve(part.ref);
    return { data: await readFile(path), filename: part.filename || basename(path) };
  } catch (error) {
    throw new PermanentSendError(`${channel}: media ${part.ref} unavailable: ${errorMessage(error)}`);
  }
}

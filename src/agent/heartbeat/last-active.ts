/**
 * `<workspace>/state/state.json`: the chat the user last wrote from, where heartbeat results go.
 * PicoClaw stores `last_channel` as "channel:chatId"; we write that form too and read either form.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isInternalChannel } from "../../bus/internal-channels.ts";
import { writeFileAtomic } from "../../lib/atomic-write.ts";

/** A chat to deliver to. */
export interface ChatTarget {
  channel: string;
  chatId: string;
}

/** Rewriting the same chat more often than this only wears the flash. */
const REWRITE_AFTER_MS = 60_000;

const lastWritten = new Map<string, { key: string; at: number }>();

function statePath(workspace: string): string {
  return join(workspace, "state", "state.json");
}

/** Records the last active chat (atomic write). Internal channels and empty ids are ignored. */
export async function recordLastActive(
  workspace: string,
  channel: string,
  chatId: string,
  nowMs: number = Date.now(),
): Promise<void> {
  if (!channel || !chatId || isInternalChannel(channel)) return;
  const key = `${channel}:${chatId}`;
  const previous = lastWritten.get(workspace);
  if (previous?.key === key && nowMs - previous.at < REWRITE_AFTER_MS) return;
  const state = { last_channel: key, last_chat_id: chatId, timestamp: new Date(nowMs).toISOString() };
  await writeFileAtomic(statePath(workspace), `${JSON.stringify(state, null, 2)}\n`);
  lastWritten.set(workspace, { key, at: nowMs });
}

/** The last active chat, or undefined when none was recorded (or the file is unreadable). */
export async function readLastActive(workspace: string): Promise<ChatTarget | undefined> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(statePath(workspace), "utf8"));
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const lastChannel = "last_channel" in raw && typeof raw.last_channel === "string" ? raw.last_channel : "";
  const lastChatId = "last_chat_id" in raw && typeof raw.last_chat_id === "string" ? raw.last_chat_id : "";
  const colon = lastChannel.indexOf(":");
  const target =
    colon > 0
      ? { channel: lastChannel.slice(0, colon), chatId: lastChannel.slice(colon + 1) }
      : { channel: lastChannel, chatId: lastChatId };
  if (!target.channel || !target.chatId || isInternalChannel(target.channel)) return undefined;
  return target;
}

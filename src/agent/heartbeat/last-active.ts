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
/**
 * A different chat is written at most this often; a change inside the gap is written at its end
 * (so a gateway serving many chats does not rewrite state.json on every message).
 */
export const MIN_WRITE_GAP_MS = 1000;

interface Recorder {
  written?: { key: string; at: number } | undefined;
  pending?: { key: string; chatId: string; at: number } | undefined;
  timer?: ReturnType<typeof setTimeout> | undefined;
  /** Settles once the change waiting for the end of the gap has been written. */
  trailing?: Promise<void> | undefined;
}

const recorders = new Map<string, Recorder>();

function statePath(workspace: string): string {
  return join(workspace, "state", "state.json");
}

async function writeState(workspace: string, recorder: Recorder, key: string, chatId: string, at: number) {
  recorder.written = { key, at };
  const state = { last_channel: key, last_chat_id: chatId, timestamp: new Date(at).toISOString() };
  await writeFileAtomic(statePath(workspace), `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Records the last active chat (atomic write). Internal channels and empty ids are ignored. A change
 * within MIN_WRITE_GAP_MS of the previous write resolves at once and is written when the gap ends.
 */
export async function recordLastActive(
  workspace: string,
  channel: string,
  chatId: string,
  nowMs: number = Date.now(),
): Promise<void> {
  if (!channel || !chatId || isInternalChannel(channel)) return;
  const key = `${channel}:${chatId}`;
  let recorder = recorders.get(workspace);
  if (!recorder) {
    recorder = {};
    recorders.set(workspace, recorder);
  }
  const previous = recorder.written;
  if (!recorder.pending && previous?.key === key && nowMs - previous.at < REWRITE_AFTER_MS) return;
  if (recorder.timer !== undefined || (previous && nowMs - previous.at < MIN_WRITE_GAP_MS)) {
    recorder.pending = { key, chatId, at: nowMs };
    if (recorder.timer === undefined) {
      const wait = Math.max(0, (previous?.at ?? nowMs) + MIN_WRITE_GAP_MS - nowMs);
      const owner = recorder;
      owner.trailing = new Promise<void>((resolve) => {
        owner.timer = setTimeout(() => {
          owner.timer = undefined;
          const next = owner.pending;
          owner.pending = undefined;
          if (!next) return resolve();
          writeState(workspace, owner, next.key, next.chatId, next.at)
            .catch(() => {})
            .finally(resolve);
        }, wait);
        owner.timer.unref?.();
      });
    }
    return;
  }
  await writeState(workspace, recorder, key, chatId, nowMs);
}

/** Resolves when a change recorded inside the write gap has reached the file. */
export function lastActiveWritten(workspace: string): Promise<void> {
  return recorders.get(workspace)?.trailing ?? Promise.resolve();
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

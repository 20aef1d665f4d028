/** Persists an emergency compression: hides the dropped history lines and notes it in the summary. */
import type { HistoryEntry, SessionStore } from "../session/session-store.ts";
import { emergencyNote } from "./drop-oldest-turns.ts";

const TRAILING_NOTE = /\[Emergency compression dropped (\d+) oldest messages due to context limit\]$/;

/**
 * The summary with PicoClaw's emergency note appended. A note right after another one is merged into it
 * (the counts add up), so a session that compresses every turn keeps a summary of bounded size instead of
 * one that grows by a note per turn and ends up filling the context it was meant to save.
 */
export function withEmergencyNote(summary: string, dropped: number): string {
  const previous = TRAILING_NOTE.exec(summary);
  if (previous) return summary.slice(0, previous.index) + emergencyNote(Number(previous[1]) + dropped);
  return summary ? `${summary}\n\n${emergencyNote(dropped)}` : emergencyNote(dropped);
}

/** Advances `skip` past the first `dropped` entries of `entries` and notes the compression in the summary. */
export async function recordCompression(
  store: SessionStore,
  key: string,
  entries: readonly HistoryEntry[],
  dropped: number,
): Promise<void> {
  const last = entries[Math.min(dropped, entries.length) - 1];
  if (!last) return;
  const { summary } = await store.meta(key);
  // Deferred: a crash before the write only means the next turn compresses again; no message is lost.
  await store.setSummary(key, withEmergencyNote(summary, dropped), last.line, true);
}

/** Persists an emergency compression: hides the dropped history lines and notes it in the summary. */
import type { HistoryEntry, SessionStore } from "../session/session-store.ts";
import { emergencyNote } from "./drop-oldest-turns.ts";

/** Advances `skip` past the first `dropped` entries of `entries` and appends the note to the summary. */
export async function recordCompression(
  store: SessionStore,
  key: string,
  entries: readonly HistoryEntry[],
  dropped: number,
): Promise<void> {
  const last = entries[Math.min(dropped, entries.length) - 1];
  if (!last) return;
  const { summary } = await store.meta(key);
  const note = emergencyNote(dropped);
  // Deferred: a crash before the write only means the next turn compresses again; no message is lost.
  await store.setSummary(key, summary ? `${summary}\n\n${note}` : note, last.line, true);
}

/**
 * Emergency compression: drop the oldest half of the turns (a turn starts at a user message) so a
 * request that overflowed the context window fits; with a single turn only its user message is kept.
 */
import type { ChatMessage } from "../../providers/provider.ts";

/** Indices of the user messages that open each turn. */
export function turnStarts(messages: readonly ChatMessage[]): number[] {
  const starts: number[] = [];
  messages.forEach((m, i) => {
    if (m.role === "user") starts.push(i);
  });
  return starts;
}

/** The kept messages and how many leading messages were dropped; `dropped` 0 means nothing could go. */
export function dropOldestTurns(messages: readonly ChatMessage[]): { kept: ChatMessage[]; dropped: number } {
  const starts = turnStarts(messages);
  if (starts.length >= 2) {
    const cut = starts[Math.floor(starts.length / 2)] ?? 0;
    return { kept: messages.slice(cut), dropped: cut };
  }
  const last = starts.at(-1);
  if (last === undefined) return { kept: [...messages], dropped: 0 };
  const lastUser = messages[last];
  const kept = lastUser ? [lastUser] : [];
  return { kept, dropped: messages.length - kept.length };
}

/**
 * Proactive compression before a call: drops the oldest half (at least one) of the turns that precede
 * `currentStart`, the index where the running turn begins. The running turn itself (its input, the
 * assistant's tool calls and their results) is never touched: dropping those mid-turn would make the
 * model repeat its calls without ever seeing their results.
 */
export function dropOldestHistoryTurns(
  messages: readonly ChatMessage[],
  currentStart: number,
): { kept: ChatMessage[]; dropped: number } {
  const starts = turnStarts(messages.slice(0, currentStart));
  if (starts.length === 0) return { kept: [...messages], dropped: 0 };
  const cut = starts.length >= 2 ? (starts[Math.floor(starts.length / 2)] ?? 0) : currentStart;
  if (cut === 0) return { kept: [...messages], dropped: 0 };
  return { kept: messages.slice(cut), dropped: cut };
}

/** The summary note PicoClaw records after an emergency compression. */
export function emergencyNote(dropped: number): string {
  return `[Emergency compression dropped ${dropped} oldest messages due to context limit]`;
}

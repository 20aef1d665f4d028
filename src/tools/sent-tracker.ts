/**
 * Remembers which chats the `message` tool already delivered to during one turn, so the loop can skip
 * the final reply there instead of sending the same answer twice (PicoClaw PR #105).
 */

/** Per-turn record of chats already messaged. Create one per turn; never share across turns. */
export interface SentTracker {
  markSent(channel: string, chatId: string): void;
  wasSent(channel: string, chatId: string): boolean;
}

/** Creates an empty tracker. */
export function createSentTracker(): SentTracker {
  // A Map of Sets, not "channel:chatId" strings: chat ids may contain ":".
  const sent = new Map<string, Set<string>>();
  return {
    markSent(channel, chatId) {
      let chats = sent.get(channel);
      if (!chats) {
        chats = new Set();
        sent.set(channel, chats);
      }
      chats.add(chatId);
    },
    wasSent: (channel, chatId) => sent.get(channel)?.has(chatId) ?? false,
  };
}

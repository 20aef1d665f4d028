/**
 * Where a reply goes: a chat id plus an optional forum topic. Accepts PicoClaw's composite
 * `chatId/threadId` as well as a plain id with the topic in the message context.
 */

/** A resolved destination for Bot API calls. */
export interface ChatTarget {
  /** Numeric id, or `@channelusername`. */
  chatId: number | string;
  threadId?: number | undefined;
}

/** Parses `chatId` (and `topicId`); undefined when the id is not a Telegram chat id. */
export function resolveChatTarget(chatId: string, topicId?: string): ChatTarget | undefined {
  const [chat = "", thread] = chatId.trim().split("/", 2);
  let id: number | string;
  if (/^-?\d+$/.test(chat)) id = Number(chat);
  else if (/^@\w{4,}$/.test(chat)) id = chat;
  else return undefined;
  const topic = thread ?? topicId?.trim() ?? "";
  if (topic === "") return { chatId: id };
  return /^\d+$/.test(topic) ? { chatId: id, threadId: Number(topic) } : undefined;
}

/** The Bot API parameters naming the target. */
export function targetParams(target: ChatTarget): Record<string, unknown> {
  return target.threadId
    ? { chat_id: target.chatId, message_thread_id: target.threadId }
    : { chat_id: target.chatId };
}

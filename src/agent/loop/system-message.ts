/**
 * System messages carry results of background work (spawned subagents) back to the chat that asked.
 * Their chat id is `<channel>:<chat id>` of that chat (PicoClaw's convention); the loop runs them as a
 * turn in the origin session so the model can relay the result in context.
 */

import { isInternalChannel } from "../../bus/internal-channels.ts";
import type { InboundMessage } from "../../bus/message.ts";

/** Turns a system message into a message of its origin chat; undefined when the origin is internal. */
export function systemToOrigin(message: InboundMessage): InboundMessage | undefined {
  const chatId = message.context.chatId;
  const colon = chatId.indexOf(":");
  const channel = colon > 0 ? chatId.slice(0, colon) : "cli";
  const originChat = colon > 0 ? chatId.slice(colon + 1) : chatId;
  if (isInternalChannel(channel) || originChat === "") return undefined;
  const sender = message.context.senderId ?? "system";
  return {
    context: {
      channel,
      chatId: originChat,
      chatType: message.context.chatType,
      account: message.context.account,
      senderId: sender,
      raw: message.context.raw,
    },
    content: `[System: ${sender}] ${message.content}`,
    sessionKey: message.sessionKey,
  };
}

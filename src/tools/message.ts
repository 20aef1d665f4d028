/**
 * `message`: sends text to the current chat, or to another channel/chat, through the bus. The target
 * defaults to the turn's chat, the same rule the turn uses to suppress a duplicate final reply (#105).
 */
import { type OutboundMessage, outboundContext } from "../bus/message.ts";
import type { SentTracker } from "./sent-tracker.ts";
import type { Tool } from "./tool.ts";
import { optionalString, requiredString, toolArgs } from "./tool-args.ts";
import { catchToolErrors, describeError, errorResult, textResult } from "./tool-result.ts";

/** Options for `createMessageTool`. */
export interface MessageToolOptions {
  /** Puts the message on the outbound bus (MessageBus.publishOutbound). */
  publish(message: OutboundMessage): Promise<void> | void;
  /** Picks the tracker for a turn (e.g. by session key); the loop reads it after the turn. */
  trackerFor?: ((sessionKey: string) => SentTracker | undefined) | undefined;
}

/** Creates the `message` tool. */
export function createMessageTool(options: MessageToolOptions): Tool {
  return {
    definition: {
      name: "message",
      description:
        "Send a message to the user now (current chat by default, or another channel/chat_id). Use it for progress updates or to reach another chat.",
      parameters: {
        type: "object",
        properties: {
          content: { type: "string", description: "Text to send." },
          channel: { type: "string", description: "Target channel; defaults to the current one." },
          chat_id: { type: "string", description: "Target chat id; defaults to the current one." },
          reply_to_message_id: { type: "string", description: "Platform message id to reply to." },
        },
        required: ["content"],
      },
    },
    execute: catchToolErrors("message", async (raw, context) => {
      const args = toolArgs(raw);
      const content = requiredString(args, "content");
      if (content.trim() === "") return errorResult("content must not be empty");
      const channel = optionalString(args, "channel") ?? context.channel;
      const chatId = optionalString(args, "chat_id") ?? context.chatId;
      if (channel.trim() === "" || chatId.trim() === "")
        return errorResult("no target channel/chat_id for message");
      const isCurrentChat = channel === context.channel && chatId === context.chatId;
      const message: OutboundMessage = {
        context: outboundContext(channel, chatId, optionalString(args, "reply_to_message_id")),
        content,
        kind: "final",
        ...(isCurrentChat && context.sessionKey ? { sessionKey: context.sessionKey } : {}),
      };
      try {
        await options.publish(message);
      } catch (error) {
        return errorResult(`message not sent: ${describeError(error)}`);
      }
      options.trackerFor?.(context.sessionKey)?.markSent(channel, chatId);
      return textResult(`Message sent to ${channel}:${chatId}`);
    }),
  };
}

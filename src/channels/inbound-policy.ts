/**
 * Inbound policy, applied once for every channel before anything reaches the bus: the allow list
 * (structured SenderInfo when the channel gives one, else the legacy `id|username` check), then the group
 * trigger for group chats. Accepted messages leave with the canonical sender id and a media scope.
 */
import type { InboundMessage } from "../bus/message.ts";
import { isAllowed, isAllowedSender } from "./allow-list.ts";
import { type GroupTrigger, shouldRespondInGroup } from "./group-trigger.ts";

/** Facts only the channel knows about one inbound message. */
export interface InboundFacts {
  isGroup?: boolean | undefined;
  mentioned?: boolean | undefined;
}

/** The policy of one channel. */
export interface InboundPolicy {
  /** The message to publish, or undefined when the policy refuses it. */
  apply(message: InboundMessage, facts?: InboundFacts): InboundMessage | undefined;
}

/** Creates the policy for channel `name` from its `allow_from` and `group_trigger`. */
export function createInboundPolicy(
  name: string,
  allowFrom: readonly string[],
  groupTrigger: GroupTrigger | undefined,
): InboundPolicy {
  return {
    apply(message, facts = {}) {
      const sender = message.sender;
      const senderId = message.context.senderId?.trim() ?? "";
      const structured = Boolean(sender?.canonicalId || sender?.platformId);
      const allowed =
        sender && structured ? isAllowedSender(allowFrom, sender) : isAllowed(allowFrom, senderId);
      if (!allowed) return undefined;

      let content = message.content;
      const isGroup = facts.isGroup ?? message.context.chatType === "group";
      const mentioned = facts.mentioned ?? message.context.mentioned ?? false;
      if (isGroup) {
        const decision = shouldRespondInGroup(groupTrigger, mentioned, content);
        if (!decision.respond) return undefined;
        content = decision.content;
      }

      const canonical = sender?.canonicalId || senderId;
      const { chatId, messageId } = message.context;
      return {
        ...message,
        content,
        context: { ...message.context, channel: name, senderId: canonical || undefined, mentioned },
        mediaScope: message.mediaScope ?? `${name}:${chatId}:${messageId || crypto.randomUUID()}`,
      };
    },
  };
}

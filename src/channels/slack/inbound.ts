/**
 * Slack events → InboundMessages (pure). Its one rule: each user message is offered once, so a channel
 * message that @mentions the bot is left to its `app_mention` twin, and bot or edited messages are dropped.
 */
import type { InboundMessage } from "../../bus/message.ts";
import { buildCanonicalId } from "../../identity/canonical-id.ts";
import { isDirectChannel, type SlackMessageEvent, type SlackSlashCommand } from "./protocol.ts";

/** Who we are on Slack (from auth.test). */
export interface SlackSelf {
  channelName: string;
  botUserId: string;
  teamId: string;
}

/** An inbound message plus the facts the manager's group policy needs. */
export interface SlackInbound {
  message: InboundMessage;
  isGroup: boolean;
  mentioned: boolean;
}

/** Converts a message or app_mention event; undefined when it must be ignored. */
export function slackEventToInbound(event: SlackMessageEvent, self: SlackSelf): SlackInbound | undefined {
  if (event.user === "" || event.user === self.botUserId || event.botId !== "") return undefined;
  // Edits, joins, deletions… carry a subtype; a file share is still a user message.
  if (event.subtype !== "" && event.subtype !== "file_share") return undefined;
  const mention = self.botUserId ? `<@${self.botUserId}>` : "";
  const isDirect = isDirectChannel(event.channel);
  const isMention = event.type === "app_mention";
  // Slack sends both `message` and `app_mention` for a channel mention; answer only the latter.
  if (!isMention && !isDirect && mention !== "" && event.text.includes(mention)) return undefined;
  const content = (mention ? event.text.replaceAll(mention, "") : event.text).trim();
  // A file shared without text is still a message; its files are fetched by the channel (files.ts).
  if (content === "" && event.files.length === 0) return undefined;
  // A mention is answered in a thread under it; a plain message where it was posted.
  const thread = isMention ? event.threadTs || event.ts : event.threadTs;
  const chatId = thread ? `${event.channel}/${thread}` : event.channel;
  const teamId = event.teamId || self.teamId;
  return {
    isGroup: !isDirect,
    mentioned: isMention,
    message: {
      content,
      sender: {
        platform: "slack",
        platformId: event.user,
        canonicalId: buildCanonicalId("slack", event.user),
      },
      context: {
        channel: self.channelName,
        chatId,
        chatType: isDirect ? "direct" : "channel",
        senderId: event.user,
        messageId: event.ts,
        topicId: thread || undefined,
        account: teamId || undefined,
        spaceId: teamId || undefined,
        spaceType: "workspace",
        mentioned: isMention,
        raw: { message_ts: event.ts, channel_id: event.channel, thread_ts: event.threadTs, team_id: teamId },
      },
    },
  };
}

/** Converts a slash command; an empty command text becomes "help" (as PicoClaw does). */
export function slackCommandToInbound(command: SlackSlashCommand, self: SlackSelf): SlackInbound | undefined {
  if (command.user === "" || command.channel === "") return undefined;
  const teamId = command.teamId || self.teamId;
  return {
    isGroup: false,
    mentioned: false,
    message: {
      content: command.text.trim() || "help",
      sender: {
        platform: "slack",
        platformId: command.user,
        canonicalId: buildCanonicalId("slack", command.user),
      },
      context: {
        channel: self.channelName,
        chatId: command.channel,
        chatType: isDirectChannel(command.channel) ? "direct" : "channel",
        senderId: command.user,
        account: teamId || undefined,
        spaceId: teamId || undefined,
        spaceType: "workspace",
        raw: { is_command: "true", command: command.command, trigger_id: command.triggerId, team_id: teamId },
      },
    },
  };
}

/**
 * The messages that cross the bus, shaped after PicoClaw's pkg/bus types: a routing context first,
 * then content. Fields are camelCase; wire formats convert at the channel edge.
 */

/** Kind of conversation a message belongs to. */
export type ChatType = "direct" | "group" | "channel";

/** Who sent an inbound message, as the platform names them. `canonicalId` is `platform:id`. */
export interface SenderInfo {
  platform?: string | undefined;
  platformId?: string | undefined;
  canonicalId?: string | undefined;
  username?: string | undefined;
  displayName?: string | undefined;
}

/** Where a message came from or goes to. `channel` and `chatId` are always present. */
export interface MessageContext {
  channel: string;
  chatId: string;
  account?: string | undefined;
  chatType?: ChatType | undefined;
  topicId?: string | undefined;
  spaceId?: string | undefined;
  spaceType?: string | undefined;
  senderId?: string | undefined;
  messageId?: string | undefined;
  replyToMessageId?: string | undefined;
  mentioned?: boolean | undefined;
  /** Small platform facts (strings only), e.g. the Pico connection id or the MaixCam detection score. */
  raw?: Readonly<Record<string, string>> | undefined;
}

/** A message from a user or device to the agent. `media` holds `media://` refs from the media store. */
export interface InboundMessage {
  context: MessageContext;
  sender?: SenderInfo | undefined;
  content: string;
  media?: readonly string[] | undefined;
  mediaScope?: string | undefined;
  sessionKey?: string | undefined;
}

/** What the outbound message is, for channels that render kinds differently. */
export type OutboundKind = "final" | "thought" | "tool_calls" | "tool_feedback" | "stream" | "stream_end";

/** The session a reply belongs to (PicoClaw's OutboundScope): the routed agent and its dimensions. */
export interface OutboundScope {
  version: number;
  agentId: string;
  channel: string;
  account: string;
  dimensions: readonly string[];
  values: Readonly<Record<string, string>>;
}

/** A reply from the agent to a chat. */
export interface OutboundMessage {
  context: MessageContext;
  content: string;
  kind?: OutboundKind | undefined;
  agentId?: string | undefined;
  sessionKey?: string | undefined;
  scope?: OutboundScope | undefined;
  modelName?: string | undefined;
  /** Stable id of this reply, used by the outbox to deliver it once, and by streams to update it. */
  id?: string | undefined;
}

/** One piece of media to send. `ref` is a `media://` ref. */
export interface MediaPart {
  type: "image" | "audio" | "video" | "file";
  ref: string;
  filename?: string | undefined;
  contentType?: string | undefined;
  caption?: string | undefined;
}

/** Media from the agent to a chat. */
export interface OutboundMediaMessage {
  context: MessageContext;
  parts: readonly MediaPart[];
  id?: string | undefined;
}

/** Builds an outbound context with every field trimmed (PicoClaw's NewOutboundContext). */
export function outboundContext(channel: string, chatId: string, replyTo?: string): MessageContext {
  const context: MessageContext = { channel: channel.trim(), chatId: chatId.trim() };
  const reply = replyTo?.trim();
  if (reply) context.replyToMessageId = reply;
  return context;
}

/**
 * The context of a reply to `inbound` (PicoClaw's outboundContextFromInbound + NormalizeOutboundMessage):
 * every field of the inbound context is kept (raw copied), channel and chat trimmed, and the reply threads
 * under the inbound message id, or under the id the inbound message itself replied to.
 */
export function replyContext(inbound: MessageContext): MessageContext {
  const { messageId, raw, ...rest } = inbound;
  const context: MessageContext = { ...rest, channel: inbound.channel.trim(), chatId: inbound.chatId.trim() };
  const replyTo = (messageId ?? inbound.replyToMessageId)?.trim();
  if (replyTo) context.replyToMessageId = replyTo;
  else delete context.replyToMessageId;
  if (raw) context.raw = { ...raw };
  return context;
}

/** A copy of a scope, so a reply never shares arrays or maps with the session's scope. */
export function cloneScope(scope: OutboundScope): OutboundScope {
  return { ...scope, dimensions: [...scope.dimensions], values: { ...scope.values } };
}

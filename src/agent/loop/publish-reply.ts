/** Publishes a reply to the chat a message came from; internal channels and empty replies are not sent. */
import type { MessageBus } from "../../bus/bus.ts";
import { isInternalChannel } from "../../bus/internal-channels.ts";
import { cloneScope, type MessageContext, type OutboundScope, replyContext } from "../../bus/message.ts";
import type { StreamSink } from "../../bus/stream-sink.ts";

/** The agent and session scope a reply carries (PicoClaw's outboundTurnMetadata). */
export interface ReplyRoute {
  agentId: string;
  scope: OutboundScope;
}

/** Sends `content` as the final reply to `context`, threading it under the inbound message id. */
export async function publishReply(
  bus: MessageBus,
  context: MessageContext,
  sessionKey: string,
  content: string,
  sink?: StreamSink,
  route?: ReplyRoute,
): Promise<void> {
  if (content === "" || isInternalChannel(context.channel)) return;
  const reply = replyContext(context);
  // A streamed reply ends its own stream (same id) instead of arriving as a second message.
  const streamed = sink?.streamed?.() === true && sink.replyId !== undefined;
  await bus.publishOutbound({
    context: reply,
    content,
    kind: streamed ? "stream_end" : "final",
    sessionKey,
    ...(route ? { agentId: route.agentId, scope: cloneScope(route.scope) } : {}),
    ...(streamed ? { id: sink.replyId } : {}),
  });
}

/**
 * A device event as the agent sees it, pure: `{"event":"mqtt","topic":…,"payload":…}` with the
 * payload parsed when it is JSON (else the text), in the chat `mqtt:events` of the mqtt channel,
 * so a reply goes to `{prefix}/{agent_id}/events/response`.
 */
import type { InboundMessage } from "../bus/message.ts";

/** The chat id device events arrive in. */
export const EVENTS_CHAT = "mqtt:events";

/** The payload, parsed when it is JSON. */
export function eventPayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The inbound message for one device event on `topic`. */
export function deviceEventMessage(channel: string, topic: string, text: string): InboundMessage {
  return {
    context: {
      channel,
      chatId: EVENTS_CHAT,
      chatType: "direct",
      senderId: "mqtt-events",
      raw: { topic, payload: text },
    },
    content: JSON.stringify({ event: "mqtt", topic, payload: eventPayload(text) }),
  };
}

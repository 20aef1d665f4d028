/** Sends plain text to one chat through the bus, for services that address a target (cron, heartbeat). */
import type { MessageBus } from "./bus.ts";

/** A chat to send to. */
export interface TextTarget {
  channel: string;
  chatId: string;
}

/** `(target, text)` publishing through `bus.publishOutbound`, with its checks and back-pressure. */
export function publishText(bus: MessageBus): (target: TextTarget, text: string) => Promise<void> {
  return (target, text) =>
    bus.publishOutbound({ context: { channel: target.channel, chatId: target.chatId }, content: text });
}

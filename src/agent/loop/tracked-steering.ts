/**
 * A session's steering queue that remembers which inbound message each queued user message came from,
 * so messages left over when a turn finds no model reachable can be kept with their own chat context.
 */
import type { InboundMessage } from "../../bus/message.ts";
import type { ChatMessage } from "../../providers/provider.ts";
import { createSteeringQueue, type SteeringMode, type SteeringQueue } from "../turn/steering-queue.ts";

/** Steering plus the inbound messages behind it, in the same order. */
export interface TrackedSteering {
  /** What the turn polls between tool calls (its messages are then part of that turn). */
  readonly queue: SteeringQueue;
  /** Queues a message; false when full. */
  push(message: InboundMessage, chat: ChatMessage): boolean;
  /** The next continuation turn's input and the inbound messages it answers. */
  next(): { input: ChatMessage[]; inbound: InboundMessage[] };
  /** Takes every queued inbound message (the turn will not run them). */
  takeAll(): InboundMessage[];
}

/** Creates an empty tracked queue. */
export function createTrackedSteering(mode: SteeringMode): TrackedSteering {
  const inner = createSteeringQueue(mode);
  const inbound: InboundMessage[] = [];
  const take = () => {
    const input = inner.poll();
    return { input, inbound: inbound.splice(0, input.length) };
  };
  return {
    queue: {
      get size() {
        return inner.size;
      },
      push: (message) => inner.push(message),
      poll: () => take().input,
    },
    push(message, chat) {
      if (!inner.push(chat)) return false;
      inbound.push(message);
      return true;
    },
    next: take,
    takeAll() {
      while (inner.size > 0) inner.poll();
      return inbound.splice(0);
    },
  };
}

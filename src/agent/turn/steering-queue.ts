/**
 * Messages that arrive for a session while its turn is running. They are injected after the current
 * tool call (the remaining calls are skipped) or start a continuation turn; bounded at 10 like PicoClaw.
 */
import type { ChatMessage } from "../../providers/provider.ts";

/** PicoClaw's MaxQueueSize. */
export const STEERING_LIMIT = 10;

/** `one-at-a-time` injects one queued message per poll; `all` injects everything queued. */
export type SteeringMode = "one-at-a-time" | "all";

/** A per-session FIFO of user messages waiting for the running turn. */
export interface SteeringQueue {
  readonly size: number;
  /** Queues a message; false when the queue is full (the caller tells the user). */
  push(message: ChatMessage): boolean;
  /** Takes the messages to inject now, per the mode. */
  poll(): ChatMessage[];
}

/** Creates an empty queue. */
export function createSteeringQueue(mode: SteeringMode, limit = STEERING_LIMIT): SteeringQueue {
  const items: ChatMessage[] = [];
  return {
    get size() {
      return items.length;
    },
    push(message) {
      if (items.length >= limit) return false;
      items.push(message);
      return true;
    },
    poll() {
      return mode === "all" ? items.splice(0) : items.splice(0, 1);
    },
  };
}

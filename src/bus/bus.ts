/**
 * The message bus: three bounded queues (inbound, outbound, outbound media) of QUEUE_SLOTS each.
 * A publish into a full queue waits (with an AbortSignal and a timeout) instead of growing or dropping;
 * `close()` refuses new publishes and lets consumers drain everything already accepted.
 */
import { BoundedQueue, type PutOptions } from "../lib/bounded-queue.ts";
import { QueueClosedError } from "../lib/errors.ts";
import type { InboundMessage, MessageContext, OutboundMediaMessage, OutboundMessage } from "./message.ts";

/** Raised when a message lacks the channel/chat context the bus needs to route it. */
export class MissingContextError extends Error {
  override readonly name = "MissingContextError";
}

/** Raised by a publish after `close()`. */
export class BusClosedError extends QueueClosedError {
  constructor() {
    super("message bus");
  }
}

/** Options for one publish. */
export type PublishOptions = PutOptions;

/** In-process bus between channels and the agent. Imports nothing outside lib/. */
export class MessageBus {
  readonly inbound: BoundedQueue<InboundMessage>;
  readonly outbound: BoundedQueue<OutboundMessage>;
  readonly outboundMedia: BoundedQueue<OutboundMediaMessage>;
  #closed = false;

  constructor(capacity?: number) {
    this.inbound = new BoundedQueue("inbound", capacity);
    this.outbound = new BoundedQueue("outbound", capacity);
    this.outboundMedia = new BoundedQueue("outbound media", capacity);
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  publishInbound(message: InboundMessage, options?: PublishOptions): Promise<void> {
    return this.#publish(this.inbound, message, options);
  }

  publishOutbound(message: OutboundMessage, options?: PublishOptions): Promise<void> {
    return this.#publish(this.outbound, message, options);
  }

  /**
   * Publishes without waiting, for best-effort messages (stream chunks): the same checks as
   * publishOutbound, but false instead of waiting when the queue is full, and false once closed.
   */
  tryPublishOutbound(message: OutboundMessage): boolean {
    if (this.#closed) return false;
    assertContext(message.context);
    try {
      return this.outbound.tryPut(message);
    } catch (error) {
      if (error instanceof QueueClosedError) return false;
      throw error;
    }
  }

  publishOutboundMedia(message: OutboundMediaMessage, options?: PublishOptions): Promise<void> {
    return this.#publish(this.outboundMedia, message, options);
  }

  /** Refuses new messages; consumers keep draining until each queue is empty. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.inbound.close();
    this.outbound.close();
    this.outboundMedia.close();
  }

  async #publish<T extends { context: MessageContext }>(
    queue: BoundedQueue<T>,
    message: T,
    options?: PublishOptions,
  ): Promise<void> {
    if (this.#closed) throw new BusClosedError();
    assertContext(message.context);
    try {
      await queue.put(message, options);
    } catch (error) {
      if (error instanceof QueueClosedError) throw new BusClosedError();
      throw error;
    }
  }
}

function assertContext(context: MessageContext | undefined): void {
  if (!context?.channel?.trim() || !context.chatId?.trim()) {
    throw new MissingContextError("message has no channel/chat context");
  }
}

/**
 * Channel contract: a chat platform or device link. A channel turns platform events into
 * InboundMessages (through the `ChannelDeps.publish` it is given, after the manager's allow-list and
 * group-trigger policy) and delivers OutboundMessages. Optional capabilities are declared members.
 */
import type { InboundMessage, OutboundMediaMessage, OutboundMessage } from "../bus/message.ts";
import type { HttpHandler } from "../platform/platform.ts";

/** Ids of the platform messages a send produced (used to edit or delete them later). */
export type SentIds = readonly string[];

/** Stops a typing indicator. Idempotent. */
export type StopTyping = () => void;

/** A route a channel mounts on the gateway's shared HTTP server (webhooks, WebSocket endpoints). */
export interface ChannelRoute {
  /** Exact path, or a prefix when it ends with `/*`. */
  path: string;
  handler: HttpHandler;
}

/**
 * A running channel.
 * Contract:
 * - `start` resolves once the channel is serving (listening, connected or polling); it keeps
 *   reconnecting on its own until `signal` aborts, and reports its state through `isReady`.
 * - `send` throws only PermanentSendError, RateLimitError or TemporarySendError (send-error.ts);
 *   the manager retries by class and keeps what still cannot be delivered in the outbox.
 * - `send` of the same message id twice must not deliver it twice where the platform can tell.
 */
export interface Channel {
  readonly name: string;
  readonly type: string;
  /** Longest message in code points; 0 = no limit. */
  readonly maxMessageLength: number;
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  isReady(): boolean;
  send(message: OutboundMessage): Promise<SentIds>;
  /**
   * Shows a reply while it is written: accepts `stream` chunks (the whole text so far, one reply id) before
   * the final `stream_end`. Read only through `acceptsStreaming`; absent = no streaming.
   */
  readonly streaming?: boolean | undefined;
  /** Routes on the gateway's HTTP server, if any. */
  routes?(): readonly ChannelRoute[];
  /** True when `chatId` has a live connection (device channels); the outbox waits for this. */
  isChatConnected?(chatId: string): boolean;
  sendMedia?(message: OutboundMediaMessage): Promise<SentIds>;
  startTyping?(chatId: string): Promise<StopTyping>;
  sendPlaceholder?(chatId: string, text: string): Promise<string>;
  /** `reply` is the outbound message being shown, when the edit delivers one (for its model name etc.). */
  editMessage?(chatId: string, messageId: string, text: string, reply?: OutboundMessage): Promise<void>;
  deleteMessage?(chatId: string, messageId: string): Promise<void>;
}

/** What the manager hands to a channel factory. */
export interface ChannelDeps {
  /** Offers an inbound message; policy (allow list, group trigger) is applied by the manager. */
  publish(message: InboundMessage, options?: { isGroup?: boolean; mentioned?: boolean }): Promise<void>;
  /** Called when a chat's connection comes up, so the outbox can deliver what waited for it. */
  chatConnected(chatId: string): void;
}

/** The streaming capability, read in one place: the stream sinks (via the manager) and the worker ask this. */
export function acceptsStreaming(channel: Channel | undefined): boolean {
  return channel?.streaming === true;
}

/**
 * Streaming seam between the agent and channels that can show a reply while it is being written
 * (Pico). Defined in bus/ so the agent never imports a channel. A sink is per reply and best-effort:
 * the final OutboundMessage is still published and carries the complete text; when the sink did stream,
 * that final message is a `stream_end` with the sink's `replyId`, so the channel finishes the streamed
 * message instead of showing the reply twice.
 */
import type { MessageContext } from "./message.ts";

/** Receives the text of one reply as the model produces it. Contract: methods never throw. */
export interface StreamSink {
  /** Appends a piece of reply text. */
  delta(text: string): void;
  /** The reply ended (completed, failed or was cancelled); no more deltas follow. */
  end(): void;
  /** Id shared by the streamed chunks and the final reply. */
  readonly replyId?: string | undefined;
  /** True once at least one chunk was handed to the channel. */
  streamed?(): boolean;
}

/** Returns a sink for a chat, or undefined when that chat's channel does not stream. */
export type StreamSinkFactory = (context: MessageContext) => StreamSink | undefined;

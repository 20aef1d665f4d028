/**
 * Stream sinks for channels that show text while it is written (those whose `Channel.streaming` is true).
 * Each delta publishes the whole text so far as a `stream` chunk through `MessageBus.tryPublishOutbound`, so
 * chunks pass the same checks as every reply (context, closed bus) without waiting: a chunk that finds the
 * outbound queue full is skipped, since the next chunk and the final `stream_end` supersede it.
 */
import { errorMessage } from "../lib/errors.ts";
import { createLogger } from "../lib/logger.ts";
import type { MessageBus } from "./bus.ts";
import { isInternalChannel } from "./internal-channels.ts";
import type { StreamSink, StreamSinkFactory } from "./stream-sink.ts";

const log = createLogger("stream");

/**
 * A sink factory publishing to `bus`. `canStream` answers for a channel name (the channel manager's
 * `isStreaming`, the one place the capability is checked); internal channels never stream.
 */
export function createStreamSinks(
  bus: MessageBus,
  canStream: (channel: string) => boolean,
): StreamSinkFactory {
  return (context) => {
    if (isInternalChannel(context.channel) || !canStream(context.channel)) return undefined;
    const replyId = crypto.randomUUID();
    let text = "";
    let sent = false;
    let ended = false;
    const sink: StreamSink = {
      replyId,
      delta(piece) {
        if (ended || piece === "") return;
        text += piece;
        // A closed bus (shutdown) or a missing context refuses the chunk; the final reply still carries the
        // whole text (and meets the same check). Sinks never throw, so a refusal is logged, not raised.
        try {
          if (bus.tryPublishOutbound({ context, content: text, kind: "stream", id: replyId })) sent = true;
        } catch (error) {
          ended = true;
          log.warn("stream chunk refused", { channel: context.channel, error: errorMessage(error) });
        }
      },
      end() {
        ended = true;
      },
      streamed: () => sent,
    };
    return sink;
  };
}

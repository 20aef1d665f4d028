/**
 * Streams replies to channels that show text while it is written (Pico and Telegram with
 * settings.streaming.enabled).
 * Each delta publishes the whole text so far as a `stream` chunk without waiting: a chunk that finds the
 * outbound queue full is skipped, since the next chunk and the final `stream_end` supersede it.
 */
import type { MessageBus } from "../bus/bus.ts";
import type { StreamSink, StreamSinkFactory } from "../bus/stream-sink.ts";
import type { Config } from "../config/index.ts";

/** Names of enabled channels whose settings ask for streaming. */
export function streamingChannels(config: Config): Set<string> {
  const names = new Set<string>();
  for (const [name, channel] of Object.entries(config.channel_list)) {
    if (!channel.enabled || (channel.type !== "pico" && channel.type !== "telegram")) continue;
    if (channel.settings.streaming.enabled) names.add(name);
  }
  return names;
}

/** A sink factory publishing to `bus` for the given channels. */
export function createStreamSinks(bus: MessageBus, channels: ReadonlySet<string>): StreamSinkFactory {
  return (context) => {
    if (!channels.has(context.channel)) return undefined;
    const replyId = crypto.randomUUID();
    let text = "";
    let sent = false;
    let ended = false;
    const sink: StreamSink = {
      replyId,
      delta(piece) {
        if (ended || piece === "") return;
        text += piece;
        try {
          if (bus.outbound.tryPut({ context, content: text, kind: "stream", id: replyId })) sent = true;
        } catch {
          // The bus is closed (shutdown): the final reply still carries the whole text.
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

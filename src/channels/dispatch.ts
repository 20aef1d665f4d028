/**
 * Outbound dispatch: consumes bus.outbound and bus.outboundMedia and hands each message to its channel's
 * worker without ever waiting on one. A full worker queue (or a chat that already has replies waiting)
 * sends the message to the outbox behind them instead, so one stuck channel cannot stall the others
 * (PicoClaw's dispatcher blocks there: head-of-line blocking, reference §1.4).
 */

import type { MessageBus } from "../bus/bus.ts";
import { isInternalChannel } from "../bus/internal-channels.ts";
import type { OutboundMediaMessage, OutboundMessage } from "../bus/message.ts";
import type { BoundedQueue } from "../lib/bounded-queue.ts";
import { AbortedError, errorMessage } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import type { Outbox, OutboxPayload } from "./outbox.ts";
import type { ChannelWorker } from "./worker.ts";

/** What the dispatcher routes between. */
export interface DispatcherOptions {
  bus: MessageBus;
  /** Workers of the channels that started. */
  workers: ReadonlyMap<string, ChannelWorker>;
  /** Names of every configured channel; replies to one that did not start wait in the outbox. */
  configured: ReadonlySet<string>;
  outbox: Outbox;
  log?: Logger | undefined;
}

/** Routes until both outbound queues are closed and drained, or `signal` aborts. */
export async function runDispatcher(options: DispatcherOptions, signal?: AbortSignal): Promise<void> {
  const log = options.log ?? createLogger("channels");
  const route = async (payload: OutboxPayload): Promise<void> => {
    const { channel, chatId } = payload.message.context;
    if (isInternalChannel(channel)) return;
    const worker = options.workers.get(channel);
    const isStream = payload.kind === "text" && payload.message.kind === "stream";
    if (!worker && !options.configured.has(channel)) {
      log.warn("reply for an unknown channel dropped", { channel, chatId });
      return;
    }
    if (worker && !options.outbox.has(channel, chatId) && worker.offer(payload)) return;
    if (isStream) {
      log.debug("stream chunk skipped behind waiting replies", { channel, chatId });
      return;
    }
    await options.outbox.add(channel, payload);
    worker?.requestFlush(chatId);
  };
  const text = (message: OutboundMessage): OutboxPayload => ({ kind: "text", message });
  const media = (message: OutboundMediaMessage): OutboxPayload => ({ kind: "media", message });
  await Promise.all([
    consume(options.bus.outbound, signal, (m) => route(text(m)), log),
    consume(options.bus.outboundMedia, signal, (m) => route(media(m)), log),
  ]);
}

async function consume<T>(
  queue: BoundedQueue<T>,
  signal: AbortSignal | undefined,
  handle: (item: T) => Promise<void>,
  log: Logger,
): Promise<void> {
  for (;;) {
    let item: T | undefined;
    try {
      item = await queue.take(signal);
    } catch (error) {
      if (error instanceof AbortedError) return;
      throw error;
    }
    if (item === undefined) return;
    try {
      await handle(item);
    } catch (error) {
      log.error("outbound routing failed", { queue: queue.name, error: errorMessage(error) });
    }
  }
}

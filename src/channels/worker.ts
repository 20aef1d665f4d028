/**
 * One channel's outbound worker: its own 16-slot queue, so a slow or dead channel delays nobody else.
 * Per reply: split on the marker, split by length, rate limit, placeholder edit, retry by error class;
 * what still cannot be delivered goes to the outbox, which the worker drains when the chat is back.
 */
import type { OutboundMediaMessage, OutboundMessage } from "../bus/message.ts";
import { BoundedQueue } from "../lib/bounded-queue.ts";
import { delay } from "../lib/delay.ts";
import { errorMessage, QueueClosedError } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import { acceptsStreaming, type Channel, type SentIds } from "./channel.ts";
import type { Outbox, OutboxEntry, OutboxPayload } from "./outbox.ts";
import { createTokenBucket, type RateLimit, type TokenBucket } from "./rate-limit.ts";
import { type SendOutcome, sendWithRetry } from "./send-with-retry.ts";
import { splitByMarker } from "./split-by-marker.ts";
import { splitMessage } from "./split-message.ts";
import type { TurnUi } from "./turn-ui.ts";

/** Work for a channel worker. */
export type WorkerJob =
  | { kind: "text"; message: OutboundMessage }
  | { kind: "media"; message: OutboundMediaMessage }
  | { kind: "flush" };

/** What a worker needs. */
export interface WorkerOptions {
  channel: Channel;
  outbox: Outbox;
  turnUi: TurnUi;
  rate: RateLimit;
  splitOnMarker?: boolean | undefined;
  retry?: { maxRetries?: number; baseMs?: number; maxMs?: number } | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  log?: Logger | undefined;
}

/** Delivers one channel's replies in order. `run` until `close()` and drained. */
export class ChannelWorker {
  readonly queue: BoundedQueue<WorkerJob>;
  readonly #options: WorkerOptions;
  readonly #channel: Channel;
  readonly #outbox: Outbox;
  readonly #bucket: TokenBucket;
  readonly #log: Logger;
  readonly #flushChats = new Set<string>();
  #flushEverything = false;
  #signal: AbortSignal | undefined;

  constructor(options: WorkerOptions) {
    this.#options = options;
    this.#channel = options.channel;
    this.#outbox = options.outbox;
    this.queue = new BoundedQueue<WorkerJob>(`${options.channel.name} outbound`);
    this.#bucket = createTokenBucket(options.rate, Date.now, options.sleep ?? delay);
    this.#log = options.log ?? createLogger("channels");
  }

  /** Queues a job without waiting; false when the queue is full or closed (the caller parks it). */
  offer(job: WorkerJob): boolean {
    try {
      return this.queue.tryPut(job);
    } catch (error) {
      if (error instanceof QueueClosedError) return false;
      throw error;
    }
  }

  /** Asks for the outbox of one chat (or of every chat) to be delivered once the queue is idle. */
  requestFlush(chatId?: string): void {
    if (chatId === undefined) this.#flushEverything = true;
    else this.#flushChats.add(chatId);
    if (this.queue.size === 0 && !this.queue.isClosed) this.offer({ kind: "flush" });
  }

  /** Stops taking jobs; `run` resolves once the queued ones are handled. */
  close(): void {
    this.queue.close();
  }

  /** Processes jobs until closed and drained. After `signal` aborts, remaining replies go to the outbox. */
  async run(signal?: AbortSignal): Promise<void> {
    this.#signal = signal;
    for (;;) {
      const job = await this.queue.take();
      if (!job) return;
      try {
        if (job.kind === "text") await this.#deliverText(job.message);
        else if (job.kind === "media") await this.#deliverMedia(job.message);
        if (this.queue.size === 0 && !signal?.aborted) await this.#flush();
      } catch (error) {
        this.#log.error("worker job failed", { channel: this.#channel.name, error: errorMessage(error) });
      }
    }
  }

  #isConnected(chatId: string): boolean {
    return this.#channel.isChatConnected?.(chatId) ?? true;
  }

  async #deliverText(message: OutboundMessage): Promise<void> {
    const chatId = message.context.chatId;
    const channel = this.#channel;
    if (message.kind === "stream") {
      // A stream chunk is superseded by the next one and by the stream end, which is kept if undeliverable.
      // A channel without the streaming capability never sees one (the final reply carries the whole text).
      if (!acceptsStreaming(channel)) {
        this.#log.debug("stream chunk dropped: channel does not stream", { channel: channel.name });
        return;
      }
      if (!this.#isConnected(chatId) || this.#signal?.aborted) return;
      await this.#bucket.take(this.#signal).catch(() => {});
      await channel.send(message).catch((error: unknown) => {
        this.#log.debug("stream chunk not delivered", { channel: channel.name, error: errorMessage(error) });
      });
      return;
    }
    const chunks = this.#chunks(message);
    for (const [index, chunk] of chunks.entries()) {
      if (!this.#isConnected(chatId) || this.#signal?.aborted) {
        await this.#park(
          chunks.slice(index).map((m) => ({ kind: "text", message: m })),
          "chat not connected",
        );
        break;
      }
      if (index === 0 && (await this.#options.turnUi.deliverViaPlaceholder(channel, chunk))) continue;
      const outcome = await this.#attempt(() => channel.send(chunk), chatId);
      if (!outcome.ok) {
        await this.#onFailure(
          outcome,
          chunks.slice(index).map((m) => ({ kind: "text", message: m })),
        );
        break;
      }
    }
    this.#options.turnUi.afterReply(channel, message);
  }

  async #deliverMedia(message: OutboundMediaMessage): Promise<void> {
    const send = this.#channel.sendMedia?.bind(this.#channel);
    if (!send) {
      this.#log.warn("channel cannot send media, dropped", { channel: this.#channel.name });
      return;
    }
    const payload: OutboxPayload = { kind: "media", message };
    if (!this.#isConnected(message.context.chatId) || this.#signal?.aborted) {
      await this.#park([payload], "chat not connected");
      return;
    }
    const outcome = await this.#attempt(() => send(message), message.context.chatId);
    if (!outcome.ok) await this.#onFailure(outcome, [payload]);
  }

  /** Marker split, then length split; chunk ids get `#n` so the outbox and clients can tell them apart. */
  #chunks(message: OutboundMessage): OutboundMessage[] {
    const pieces = this.#options.splitOnMarker ? splitByMarker(message.content) : [message.content];
    const max = this.#channel.maxMessageLength;
    const texts = pieces.flatMap((piece) => (max > 0 ? splitMessage(piece, max) : [piece]));
    if (texts.length <= 1) return [{ ...message, content: texts[0] ?? message.content }];
    const id = message.id ?? crypto.randomUUID();
    return texts.map((content, n) => ({ ...message, content, id: n === 0 ? id : `${id}#${n}` }));
  }

  async #attempt(send: () => Promise<SentIds>, chatId: string): Promise<SendOutcome> {
    try {
      await this.#bucket.take(this.#signal);
    } catch (error) {
      return { ok: false, reason: "aborted", error };
    }
    return sendWithRetry(send, {
      ...this.#options.retry,
      signal: this.#signal,
      sleep: this.#options.sleep,
      isConnected: () => this.#isConnected(chatId),
    });
  }

  async #onFailure(outcome: Exclude<SendOutcome, { ok: true }>, rest: OutboxPayload[]): Promise<void> {
    const chatId = rest[0]?.message.context.chatId ?? "";
    if (outcome.reason === "permanent" && this.#isConnected(chatId)) {
      this.#log.error("send failed permanently, dropped", {
        channel: this.#channel.name,
        chatId,
        parts: rest.length,
        error: errorMessage(outcome.error),
      });
      return;
    }
    await this.#park(rest, `${outcome.reason}: ${errorMessage(outcome.error)}`);
  }

  async #park(payloads: OutboxPayload[], why: string): Promise<void> {
    const first = payloads[0];
    if (!first) return;
    this.#log.warn("reply not delivered, kept in outbox", {
      channel: this.#channel.name,
      chatId: first.message.context.chatId,
      parts: payloads.length,
      why,
    });
    for (const payload of payloads) await this.#outbox.add(this.#channel.name, payload);
  }

  /** Delivers waiting outbox entries, oldest first per chat; a chat stops at its first failure. */
  async #flush(): Promise<void> {
    const chats = this.#flushEverything ? this.#outbox.chats(this.#channel.name) : [...this.#flushChats];
    this.#flushEverything = false;
    this.#flushChats.clear();
    for (const chatId of chats) {
      if (!this.#isConnected(chatId)) continue;
      for (const entry of this.#outbox.entriesFor(this.#channel.name, chatId)) {
        if (!(await this.#deliverEntry(entry))) break;
      }
    }
  }

  async #deliverEntry(entry: OutboxEntry): Promise<boolean> {
    if (!this.#outbox.claim(entry)) return false;
    const channel = this.#channel;
    const { payload } = entry;
    const outcome =
      payload.kind === "text"
        ? await this.#attempt(() => channel.send(payload.message), entry.chatId)
        : await this.#attempt(
            () => channel.sendMedia?.(payload.message) ?? Promise.resolve([]),
            entry.chatId,
          );
    if (outcome.ok) {
      await this.#outbox.remove(entry);
      this.#log.info("outbox entry delivered", { channel: channel.name, chatId: entry.chatId, id: entry.id });
      return true;
    }
    if (outcome.reason === "permanent" && this.#isConnected(entry.chatId)) {
      this.#log.error("outbox entry failed permanently, dropped", {
        channel: channel.name,
        chatId: entry.chatId,
        id: entry.id,
        error: errorMessage(outcome.error),
      });
      await this.#outbox.remove(entry);
      return true;
    }
    this.#outbox.release(entry);
    return false;
  }
}

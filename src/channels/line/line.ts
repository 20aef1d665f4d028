/**
 * LINE channel: a signed webhook on the gateway's HTTP server for events, and the Messaging API for
 * replies. A reply uses the event's reply token while it is fresh (free, single use) and falls back to
 * a push when the token is old or the reply fails. Typing is LINE's loading animation (1:1 chats only).
 */
import type { OutboundMediaMessage, OutboundMessage } from "../../bus/message.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import type { Channel, ChannelDeps, ChannelRoute, SentIds, StopTyping } from "../channel.ts";
import { RecentIds } from "../recent-ids.ts";
import { notRunningError } from "../send-error.ts";
import { type LineApi, type LineTextMessage, lineRetryKey } from "./api.ts";
import { lineEventToInbound } from "./inbound.ts";
import type { LineBot, LineEvent } from "./protocol.ts";
import { createLineWebhookHandler } from "./webhook.ts";

/** PicoClaw's LINE limit, in code points. */
export const LINE_MAX_MESSAGE_LENGTH = 5000;

/** Knobs with defaults; tests shorten them. */
export interface LineTuning {
  /** Reply tokens older than this go by push instead (PicoClaw: 25 s; LINE allows about a minute). */
  replyTokenMaxAgeMs?: number | undefined;
  /** agents.defaults.max_media_size; default 20 MB. */
  maxMediaBytes?: number | undefined;
  now?: (() => number) | undefined;
}

/** Everything the channel is built from. */
export interface LineChannelParts {
  name: string;
  secret: string;
  webhookPath: string;
  api: LineApi;
  deps: Pick<ChannelDeps, "publish"> & {
    log: Logger;
    media?: MediaStore | undefined;
    maxMediaBytes?: number | undefined;
  };
  tuning?: LineTuning | undefined;
}

/** The LINE channel lifecycle. */
export class LineChannel implements Channel {
  readonly name: string;
  readonly type = "line";
  readonly maxMessageLength = LINE_MAX_MESSAGE_LENGTH;
  readonly #parts: LineChannelParts;
  readonly #api: LineApi;
  readonly #log: Logger;
  readonly #seen = new RecentIds(1024);
  readonly #replyTokens = new Map<string, { token: string; at: number; quoteToken: string }>();
  readonly #now: () => number;
  #bot: LineBot = { userId: "", displayName: "" };
  #running = false;
  #publishing: Promise<void> = Promise.resolve();

  constructor(parts: LineChannelParts) {
    this.name = parts.name;
    this.#parts = parts;
    this.#api = parts.api;
    this.#log = parts.deps.log;
    this.#now = parts.tuning?.now ?? Date.now;
  }

  routes(): ChannelRoute[] {
    const handler = createLineWebhookHandler({
      secret: this.#parts.secret,
      log: this.#log,
      onEvents: (events) => this.#onEvents(events),
    });
    return [{ path: this.#parts.webhookPath, handler }];
  }

  /** Webhook mode has no connection of its own: ready while started. */
  isReady(): boolean {
    return this.#running;
  }

  /** Learns the bot's id and name for mention detection; a failure only disables that. */
  async start(signal: AbortSignal): Promise<void> {
    try {
      this.#bot = await this.#api.botInfo(signal);
      this.#log.info("LINE bot identified", { userId: this.#bot.userId, displayName: this.#bot.displayName });
    } catch (error) {
      this.#log.warn("LINE bot info unavailable; mention detection by metadata only", {
        error: errorMessage(error),
      });
    }
    this.#running = true;
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#publishing;
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    if (!this.#running) throw notRunningError(this.name);
    const chatId = message.context.chatId;
    const entry = this.#replyTokens.get(chatId);
    this.#replyTokens.delete(chatId);
    const text: LineTextMessage = { type: "text", text: message.content };
    if (entry?.quoteToken) text.quoteToken = entry.quoteToken;
    const maxAge = this.#parts.tuning?.replyTokenMaxAgeMs ?? 25_000;
    if (entry && this.#now() - entry.at < maxAge) {
      try {
        await this.#api.reply(entry.token, [text]);
        return [];
      } catch (error) {
        this.#log.debug("LINE reply failed; pushing instead", { chatId, error: errorMessage(error) });
      }
    }
    await this.#api.push(chatId, [text], lineRetryKey(message.id));
    return [];
  }

  /** LINE needs public URLs for media; we only have files, so each part is announced as text. */
  async sendMedia(message: OutboundMediaMessage): Promise<SentIds> {
    if (!this.#running) throw notRunningError(this.name);
    const texts = message.parts.map(
      (p): LineTextMessage => ({ type: "text", text: p.caption || `[${p.type}: ${p.filename ?? "file"}]` }),
    );
    // LINE accepts at most five messages per request.
    for (let i = 0; i < texts.length; i += 5) {
      const key = lineRetryKey(message.id ? `${message.id}#${i}` : undefined);
      await this.#api.push(message.context.chatId, texts.slice(i, i + 5), key);
    }
    return [];
  }

  async startTyping(chatId: string): Promise<StopTyping> {
    // The loading animation exists for 1:1 chats only; group ids start with C, room ids with R.
    if (!chatId.startsWith("U")) return () => {};
    await this.#api.startLoading(chatId, 60);
    const timer = setInterval(() => {
      this.#api.startLoading(chatId, 60).catch((error: unknown) => {
        this.#log.debug("LINE loading refresh failed", { error: errorMessage(error) });
      });
    }, 50_000);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  #onEvents(events: LineEvent[]): void {
    for (const event of events) {
      if (event.type !== "message") {
        this.#log.debug("LINE event ignored", { kind: event.kind });
        continue;
      }
      if (!this.#seen.add(event.eventId)) continue;
      if (event.replyToken) {
        const quoteToken = "quoteToken" in event.message ? event.message.quoteToken : "";
        this.#replyTokens.set(event.source.chatId, { token: event.replyToken, at: this.#now(), quoteToken });
        if (this.#replyTokens.size > 1024)
          this.#replyTokens.delete(this.#replyTokens.keys().next().value ?? "");
      }
      this.#publishing = this.#publishing.then(() => this.#publish(event)).catch(() => {});
    }
  }

  async #publish(event: Extract<LineEvent, { type: "message" }>): Promise<void> {
    try {
      const inbound = await lineEventToInbound(event, {
        channelName: this.name,
        bot: this.#bot,
        api: this.#api,
        media: this.#parts.deps.media,
        maxMediaBytes:
          this.#parts.tuning?.maxMediaBytes ?? this.#parts.deps.maxMediaBytes ?? 20 * 1024 * 1024,
        log: this.#log,
      });
      if (!inbound) return;
      await this.#parts.deps.publish(inbound.message, {
        isGroup: inbound.isGroup,
        mentioned: inbound.mentioned,
      });
    } catch (error) {
      this.#log.warn("LINE event not published", { error: errorMessage(error) });
    }
  }
}

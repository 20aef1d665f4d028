/**
 * The Telegram channel: lifecycle (getMe, then the long-poll loop), inbound hand-off and sends.
 * Readiness is the poll loop's state, so /ready turns false while Telegram is unreachable, another
 * instance holds the token (409), or the token was rejected.
 */
import type { OutboundMediaMessage, OutboundMessage } from "../../bus/message.ts";
import { backoffMs, delay } from "../../lib/delay.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Channel, SentIds, StopTyping } from "../channel.ts";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { notRunningError, PermanentSendError } from "../send-error.ts";
import { isParseEntitiesError, type TelegramApi, TelegramApiError, toSendError } from "./api.ts";
import { type ChatTarget, resolveChatTarget, targetParams } from "./chat-target.ts";
import { markdownToTelegramHtml } from "./html.ts";
import { type BotIdentity, toInbound } from "./inbound.ts";
import { markdownToTelegramMarkdownV2 } from "./markdown-v2.ts";
import type { OffsetStore } from "./offset-store.ts";
import { type PollState, runPoller } from "./poller.ts";
import { parseUser, sentMessageId, type TgUpdate } from "./protocol.ts";
import { sendTelegramMedia } from "./send-media.ts";
import type { TelegramSettings } from "./settings.ts";
import { createStreamReplies, type StreamReplies, type StreamReplyIo } from "./stream-replies.ts";

/** Tunables with production defaults; tests shorten them. */
export interface TelegramTuning {
  backoff?: { baseMs: number; maxMs: number } | undefined;
  pollTimeoutSeconds?: number | undefined;
  /** Telegram's typing indicator lasts about 5 s; it is repeated this often. */
  typingIntervalMs?: number | undefined;
  /** agents.defaults.max_media_size; default 20 MB, the Bot API's own download ceiling. */
  maxMediaBytes?: number | undefined;
}

/** Everything the channel is built from. */
export interface TelegramChannelInit {
  entry: ChannelEntry;
  settings: TelegramSettings;
  deps: ChannelFactoryDeps;
  api: TelegramApi;
  offsets: OffsetStore;
  tuning?: TelegramTuning | undefined;
}

const TYPING_MAX_MS = 5 * 60_000;

/** A Telegram bot in long-polling mode. */
export class TelegramChannel implements Channel {
  readonly name: string;
  readonly type = "telegram";
  readonly maxMessageLength = 4000;
  /** From `settings.streaming.enabled`: replies are shown while written, by editing one message. */
  readonly streaming: boolean;
  readonly #streams: StreamReplies;
  readonly #init: TelegramChannelInit;
  readonly #log: Logger;
  readonly #typing = new Set<() => void>();
  /** Topic of the message being published per chat, so turn-UI calls land in the right forum topic. */
  readonly #inboundTopic = new Map<string, string>();
  #abort: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #bot: BotIdentity | undefined;
  #state: PollState | "starting" = "starting";

  constructor(init: TelegramChannelInit) {
    this.#init = init;
    this.name = init.entry.name;
    this.#log = init.deps.log;
    this.streaming = init.settings.streaming.enabled;
    this.#streams = createStreamReplies({ maxLength: this.maxMessageLength, ...init.settings.streaming });
  }

  /** The bot as getMe reported it, once known. */
  get bot(): BotIdentity | undefined {
    return this.#bot;
  }

  /** Checks the token with getMe (a rejected token throws), then polls in the background. */
  async start(signal: AbortSignal): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    signal.addEventListener("abort", () => abort.abort(), { once: true });
    try {
      this.#bot = await this.#getMe(abort.signal);
    } catch (error) {
      if (isRejectedToken(error)) {
        this.#state = "unauthorized";
        this.#log.error("telegram rejected the bot token (401); channel not started", {
          error: errorMessage(error),
        });
        throw new Error(`telegram: bot token rejected: ${errorMessage(error)}`);
      }
      this.#log.warn("telegram getMe failed, will keep trying", { error: errorMessage(error) });
    }
    if (this.#bot) void this.#setCommands(abort.signal);
    this.#state = this.#bot ? "polling" : "retrying";
    this.#loop = this.#run(abort.signal);
    this.#log.info("telegram polling started", { username: this.#bot?.username });
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    for (const stop of [...this.#typing]) stop();
    await this.#loop;
    this.#abort = undefined;
  }

  isReady(): boolean {
    return this.#abort !== undefined && !this.#abort.signal.aborted && this.#state === "polling";
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    const target = this.#target(message.context.chatId, message.context.topicId);
    if (!message.content.trim()) return [];
    if (message.kind === "stream" || message.kind === "stream_end") {
      if (message.kind === "stream" && !this.streaming) return [];
      const sent = await this.#streams.handle(message, this.#streamIo(target));
      if (sent) return sent;
    }
    const params: Record<string, unknown> = { ...targetParams(target) };
    const replyTo = Number(message.context.replyToMessageId);
    if (Number.isInteger(replyTo) && replyTo > 0) {
      params["reply_parameters"] = { message_id: replyTo, allow_sending_without_reply: true };
    }
    const result = await this.#withFormatting("sendMessage", params, message.content);
    return [sentMessageId(result) ?? ""].filter(Boolean);
  }

  async sendMedia(message: OutboundMediaMessage): Promise<SentIds> {
    const target = this.#target(message.context.chatId, message.context.topicId);
    const { api, deps } = this.#init;
    return sendTelegramMedia(api, deps.media, target, message.parts, { signal: this.#abort?.signal });
  }

  async startTyping(chatId: string): Promise<StopTyping> {
    const target = this.#target(chatId, this.#inboundTopic.get(chatId));
    const action = () =>
      this.#init.api
        .call(
          "sendChatAction",
          { ...targetParams(target), action: "typing" },
          { signal: this.#abort?.signal },
        )
        .catch((error: unknown) => this.#log.debug("typing failed", { error: errorMessage(error) }));
    await action();
    const timer = setInterval(action, this.#init.tuning?.typingIntervalMs ?? 4000);
    // Capped like PicoClaw, so a turn that never replies cannot type forever.
    const cap = setTimeout(() => stop(), TYPING_MAX_MS);
    timer.unref?.();
    cap.unref?.();
    const stop = () => {
      clearInterval(timer);
      clearTimeout(cap);
      this.#typing.delete(stop);
    };
    this.#typing.add(stop);
    return stop;
  }

  async sendPlaceholder(chatId: string, text: string): Promise<string> {
    const target = this.#target(chatId, this.#inboundTopic.get(chatId));
    const result = await this.#call("sendMessage", { ...targetParams(target), text });
    return sentMessageId(result) ?? "";
  }

  async editMessage(chatId: string, messageId: string, text: string): Promise<void> {
    const target = this.#target(chatId);
    const params = { chat_id: target.chatId, message_id: Number(messageId) };
    try {
      await this.#withFormatting("editMessageText", params, text);
    } catch (error) {
      // Editing to the same text is a 400 "message is not modified": the chat already shows it.
      if (error instanceof PermanentSendError && /not modified/i.test(error.message)) return;
      throw error;
    }
  }

  #streamIo(target: ChatTarget): StreamReplyIo {
    return {
      create: async (text, final) => {
        const params = targetParams(target);
        const result = final
          ? await this.#withFormatting("sendMessage", params, text)
          : await this.#call("sendMessage", { ...params, text });
        return sentMessageId(result) ?? "";
      },
      edit: async (messageId, text, final) => {
        const params = { chat_id: target.chatId, message_id: Number(messageId) };
        try {
          if (final) await this.#withFormatting("editMessageText", params, text);
          else await this.#call("editMessageText", { ...params, text });
        } catch (error) {
          if (error instanceof PermanentSendError && /not modified/i.test(error.message)) return;
          throw error;
        }
      },
    };
  }

  async deleteMessage(chatId: string, messageId: string): Promise<void> {
    const target = this.#target(chatId);
    await this.#call("deleteMessage", { chat_id: target.chatId, message_id: Number(messageId) });
  }

  /** Sends formatted text; when Telegram cannot parse the entities, resends the original as plain text. */
  async #withFormatting(method: string, params: Record<string, unknown>, text: string): Promise<unknown> {
    const v2 = this.#init.settings.useMarkdownV2;
    const formatted = v2 ? markdownToTelegramMarkdownV2(text) : markdownToTelegramHtml(text);
    try {
      return await this.#init.api.call(
        method,
        { ...params, text: formatted, parse_mode: v2 ? "MarkdownV2" : "HTML" },
        { signal: this.#abort?.signal },
      );
    } catch (error) {
      if (!isParseEntitiesError(error)) throw toSendError(error);
      this.#log.warn("telegram could not parse the formatted reply, sending plain text", {
        error: errorMessage(error),
      });
      return this.#call(method, { ...params, text });
    }
  }

  async #call(method: string, params: Record<string, unknown>): Promise<unknown> {
    try {
      return await this.#init.api.call(method, params, { signal: this.#abort?.signal });
    } catch (error) {
      throw toSendError(error);
    }
  }

  #target(chatId: string, topicId?: string): ChatTarget {
    if (!this.#abort || this.#abort.signal.aborted) throw notRunningError(this.name);
    const target = resolveChatTarget(chatId, topicId);
    if (!target) throw new PermanentSendError(`telegram: invalid chat id "${chatId}"`);
    return target;
  }

  async #getMe(signal: AbortSignal): Promise<BotIdentity> {
    const user = parseUser(await this.#init.api.call("getMe", {}, { signal, timeoutMs: 15_000 }));
    if (!user) throw new TelegramApiError("getMe", 502, "malformed getMe result");
    return { id: user.id, username: user.username ?? "" };
  }

  /** The command menu (Bot API setMyCommands) from the gateway's commands; a failure only costs the menu. */
  async #setCommands(signal: AbortSignal): Promise<void> {
    const commands = this.#init.deps.commands ?? [];
    if (commands.length === 0) return;
    try {
      await this.#init.api.call(
        "setMyCommands",
        { commands: commands.map((c) => ({ command: c.name, description: c.description })) },
        { signal },
      );
    } catch (error) {
      if (!signal.aborted) this.#log.warn("telegram setMyCommands failed", { error: errorMessage(error) });
    }
  }

  async #run(signal: AbortSignal): Promise<void> {
    const backoff = this.#init.tuning?.backoff ?? { baseMs: 1000, maxMs: 30_000 };
    for (let attempt = 0; !this.#bot && !signal.aborted; attempt++) {
      try {
        await delay(backoffMs(attempt, backoff.baseMs, backoff.maxMs), signal);
        this.#bot = await this.#getMe(signal);
        void this.#setCommands(signal);
      } catch (error) {
        if (signal.aborted) return;
        if (isRejectedToken(error)) {
          this.#state = "unauthorized";
          this.#log.error("telegram rejected the bot token (401); polling stopped", {
            error: errorMessage(error),
          });
          return;
        }
      }
    }
    const bot = this.#bot;
    if (!bot) return;
    await runPoller(
      {
        api: this.#init.api,
        botId: bot.id,
        offsets: this.#init.offsets,
        handle: (update) => this.#handle(update, bot, signal),
        onState: (state) => {
          this.#state = state;
        },
        log: this.#log,
        pollTimeoutSeconds: this.#init.tuning?.pollTimeoutSeconds,
        backoff,
      },
      signal,
    );
  }

  async #handle(update: TgUpdate, bot: BotIdentity, signal: AbortSignal): Promise<void> {
    if (!update.message) return;
    const { entry, deps, api, tuning } = this.#init;
    const result = await toInbound(update.message, {
      channel: this.name,
      bot,
      api,
      media: deps.media,
      maxMediaBytes: tuning?.maxMediaBytes ?? deps.maxMediaBytes ?? 20 * 1024 * 1024,
      allowFrom: entry.allow_from,
      log: this.#log,
      signal,
    });
    if (!result) return;
    const { chatId, topicId } = result.message.context;
    if (topicId) this.#inboundTopic.set(chatId, topicId);
    try {
      await deps.publish(result.message, { isGroup: result.isGroup, mentioned: result.mentioned });
    } finally {
      this.#inboundTopic.delete(chatId);
    }
  }
}

function isRejectedToken(error: unknown): boolean {
  return error instanceof TelegramApiError && (error.code === 401 || error.code === 404);
}

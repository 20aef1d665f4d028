/**
 * The Discord channel: a gateway connection for inbound MESSAGE_CREATE and REST calls for everything
 * outbound (messages, edits, deletes, typing, attachments). Readiness is the gateway's: true between
 * READY/RESUMED and the next disconnect.
 */

import type { OutboundMediaMessage, OutboundMessage } from "../../bus/message.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Channel, SentIds, StopTyping } from "../channel.ts";
import { loadOutboundMedia, requireMediaStore } from "../outbound-media.ts";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { notRunningError, PermanentSendError } from "../send-error.ts";
import { DiscordGateway, FatalGatewayError, type GatewayOptions, type SocketFactory } from "./gateway.ts";
import { toDiscordInbound } from "./inbound.ts";
import { parseMessageCreate, parseReady } from "./protocol.ts";
import { DiscordApiError, type DiscordRest, toSendError } from "./rest.ts";
import type { DiscordSettings } from "./settings.ts";

/** Tunables with production defaults; tests shorten them. */
export interface DiscordTuning {
  backoff?: GatewayOptions["backoff"];
  reidentifyDelayMs?: GatewayOptions["reidentifyDelayMs"];
  /** How long `start` waits for READY before returning not-ready (it keeps trying). */
  readyTimeoutMs?: number | undefined;
  /** Discord's typing indicator lasts 10 s; it is repeated this often. */
  typingIntervalMs?: number | undefined;
  maxMediaBytes?: number | undefined;
}

/** Everything the channel is built from. */
export interface DiscordChannelInit {
  entry: ChannelEntry;
  settings: DiscordSettings;
  deps: ChannelFactoryDeps;
  rest: DiscordRest;
  connect: SocketFactory;
  tuning?: DiscordTuning | undefined;
}

const TYPING_MAX_MS = 5 * 60_000;

/** A Discord bot. */
export class DiscordChannel implements Channel {
  readonly name: string;
  readonly type = "discord";
  readonly maxMessageLength = 2000;
  readonly #init: DiscordChannelInit;
  readonly #log: Logger;
  readonly #typing = new Set<() => void>();
  #gateway: DiscordGateway | undefined;
  #abort: AbortController | undefined;
  #done: Promise<void> | undefined;
  #botId = "";
  /** Inbound messages are handled one at a time, in gateway order. */
  #inbound: Promise<void> = Promise.resolve();

  constructor(init: DiscordChannelInit) {
    this.#init = init;
    this.name = init.entry.name;
    this.#log = init.deps.log;
  }

  /** The gateway client (tests read its session). */
  get gateway(): DiscordGateway | undefined {
    return this.#gateway;
  }

  async start(signal: AbortSignal): Promise<void> {
    const abort = new AbortController();
    this.#abort = abort;
    signal.addEventListener("abort", () => abort.abort(), { once: true });
    const { rest, settings, connect, tuning } = this.#init;
    const gateway = new DiscordGateway({
      token: settings.token,
      gatewayUrl: async (s) => {
        try {
          const info = await rest.request("GET", "/gateway/bot", undefined, { signal: s, timeoutMs: 15_000 });
          const url =
            typeof info === "object" && info !== null ? (info as Record<string, unknown>)["url"] : undefined;
          if (typeof url !== "string") throw new Error("GET /gateway/bot returned no url");
          return url;
        } catch (error) {
          if (error instanceof DiscordApiError && error.status === 401) {
            throw new FatalGatewayError("discord rejected the bot token (401)");
          }
          throw error;
        }
      },
      connect,
      onDispatch: (event, data) => this.#onDispatch(event, data),
      onReadyChange: () => {},
      log: this.#log,
      backoff: tuning?.backoff,
      reidentifyDelayMs: tuning?.reidentifyDelayMs,
    });
    this.#gateway = gateway;
    const { firstReady, done } = gateway.run(abort.signal);
    this.#done = done;
    const timeout = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, tuning?.readyTimeoutMs ?? 30_000);
      timer.unref?.();
    });
    await Promise.race([firstReady, timeout]);
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    for (const stop of [...this.#typing]) stop();
    await this.#done;
  }

  isReady(): boolean {
    return this.#gateway?.isReady === true && this.#abort?.signal.aborted === false;
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    const channelId = this.#channelId(message.context.chatId);
    if (!message.content.trim()) return [];
    const body: Record<string, unknown> = {
      content: message.content,
      allowed_mentions: { parse: ["users"] },
    };
    const replyTo = message.context.replyToMessageId?.trim();
    if (replyTo) body["message_reference"] = { message_id: replyTo, fail_if_not_exists: false };
    return [messageId(await this.#call("POST", `/channels/${channelId}/messages`, body))];
  }

  async sendMedia(message: OutboundMediaMessage): Promise<SentIds> {
    const channelId = this.#channelId(message.context.chatId);
    const media = requireMediaStore(this.#init.deps.media, "discord");
    const form = new FormData();
    const attachments: { id: number; filename: string }[] = [];
    for (const [index, part] of message.parts.slice(0, 10).entries()) {
      const { data, filename } = await loadOutboundMedia(media, part, "discord");
      attachments.push({ id: index, filename });
      form.set(
        `files[${index}]`,
        new Blob([data], part.contentType ? { type: part.contentType } : {}),
        filename,
      );
    }
    const content = message.parts
      .map((p) => p.caption ?? "")
      .filter(Boolean)
      .join("\n")
      .slice(0, 2000);
    form.set(
      "payload_json",
      JSON.stringify({ content, attachments, allowed_mentions: { parse: ["users"] } }),
    );
    return [messageId(await this.#call("POST", `/channels/${channelId}/messages`, form, 120_000))];
  }

  async startTyping(chatId: string): Promise<StopTyping> {
    const channelId = this.#channelId(chatId);
    const pulse = () =>
      this.#call("POST", `/channels/${channelId}/typing`).catch((error: unknown) =>
        this.#log.debug("typing failed", { error: errorMessage(error) }),
      );
    await pulse();
    const timer = setInterval(pulse, this.#init.tuning?.typingIntervalMs ?? 8000);
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
    const channelId = this.#channelId(chatId);
    return messageId(await this.#call("POST", `/channels/${channelId}/messages`, { content: text }));
  }

  async editMessage(chatId: string, id: string, text: string): Promise<void> {
    const channelId = this.#channelId(chatId);
    const body = { content: text, allowed_mentions: { parse: ["users"] } };
    await this.#call("PATCH", `/channels/${channelId}/messages/${encodeURIComponent(id)}`, body);
  }

  async deleteMessage(chatId: string, id: string): Promise<void> {
    const channelId = this.#channelId(chatId);
    await this.#call("DELETE", `/channels/${channelId}/messages/${encodeURIComponent(id)}`);
  }

  async #call(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<unknown> {
    try {
      return await this.#init.rest.request(method, path, body, { signal: this.#abort?.signal, timeoutMs });
    } catch (error) {
      throw toSendError(error);
    }
  }

  #channelId(chatId: string): string {
    if (!this.#abort || this.#abort.signal.aborted) throw notRunningError(this.name);
    const id = chatId.trim();
    if (!/^\d+$/.test(id)) throw new PermanentSendError(`discord: invalid channel id "${chatId}"`);
    return id;
  }

  #onDispatch(event: string, data: unknown): void {
    if (event === "READY") {
      const ready = parseReady(data);
      if (!("error" in ready) && ready.user) this.#botId = ready.user.id;
      return;
    }
    if (event !== "MESSAGE_CREATE") return;
    const message = parseMessageCreate(data);
    if ("error" in message) {
      this.#log.warn("malformed discord message skipped", { error: message.error });
      return;
    }
    this.#inbound = this.#inbound
      .then(async () => {
        const { entry, deps, rest, settings, tuning } = this.#init;
        const result = await toDiscordInbound(message, {
          channel: this.name,
          botId: this.#botId,
          rest,
          media: deps.media,
          maxMediaBytes: tuning?.maxMediaBytes ?? deps.maxMediaBytes ?? 20 * 1024 * 1024,
          allowFrom: entry.allow_from,
          mentionOnly: settings.mentionOnly,
          log: this.#log,
          signal: this.#abort?.signal,
        });
        if (result)
          await deps.publish(result.message, { isGroup: result.isGroup, mentioned: result.mentioned });
      })
      .catch((error: unknown) =>
        this.#log.error("discord message handler failed", { error: errorMessage(error) }),
      );
  }
}

function messageId(result: unknown): string {
  const id =
    typeof result === "object" && result !== null ? (result as Record<string, unknown>)["id"] : undefined;
  return typeof id === "string" ? id : "";
}

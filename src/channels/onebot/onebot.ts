/**
 * OneBot v11 channel: a forward WebSocket client to a OneBot implementation (NapCat, Lagrange,
 * go-cqhttp…). On each connect it asks `get_login_info` for its own QQ id (for @-mention detection);
 * sends are API calls whose responses are matched by echo, so a failed send is known, not guessed.
 * Inbound media URLs are fetched only through the SSRF guard (media-download.ts).
 */
import type { InboundMessage, OutboundMediaMessage, OutboundMessage } from "../../bus/message.ts";
import { buildCanonicalId } from "../../identity/canonical-id.ts";
import { errorMessage, TimeoutError } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import { isAllowedSender } from "../allow-list.ts";
import type { Channel, ChannelDeps, SentIds } from "../channel.ts";
import { RecentIds } from "../recent-ids.ts";
import { notRunningError, PermanentSendError, TemporarySendError } from "../send-error.ts";
import { SocketLink, type SocketLinkTiming } from "../socket-link.ts";
import { fetchOneBotMedia } from "./media-download.ts";
import { type OneBotResponse, PendingCalls } from "./pending-calls.ts";
import {
  idOf,
  messageText,
  type OneBotFrame,
  type OneBotMedia,
  parseFrame,
  type Segment,
  sendTarget,
} from "./protocol.ts";
import type { OneBotSettings } from "./settings.ts";

/** OneBot retcodes that mean the request itself is wrong (go-cqhttp: 100 bad params, 1400/1404). */
const PERMANENT_RETCODES = new Set([100, 1400, 1404]);

/** Everything the channel is built from. */
export interface OneBotChannelParts {
  name: string;
  settings: OneBotSettings;
  deps: Pick<ChannelDeps, "publish"> & {
    log: Logger;
    media?: MediaStore | undefined;
    maxMediaBytes?: number | undefined;
  };
  /** `allow_from`: media of senders it rejects are not downloaded. */
  allowFrom?: readonly string[] | undefined;
  timing?: (SocketLinkTiming & { callTimeoutMs?: number | undefined }) | undefined;
}

/** The OneBot channel lifecycle. */
export class OneBotChannel implements Channel {
  readonly name: string;
  readonly type = "onebot";
  readonly maxMessageLength = 0;
  readonly #parts: OneBotChannelParts;
  readonly #log: Logger;
  readonly #link: SocketLink;
  readonly #calls: PendingCalls;
  readonly #seen = new RecentIds(1024);
  /** The last inbound message id per chat, quoted by the reply (as PicoClaw does). */
  readonly #lastMessage = new Map<string, string>();
  readonly #callTimeoutMs: number;
  #selfId = "";
  #running = false;
  #abort: AbortController | undefined;
  #publishing: Promise<void> = Promise.resolve();

  constructor(parts: OneBotChannelParts) {
    this.name = parts.name;
    this.#parts = parts;
    this.#log = parts.deps.log;
    this.#callTimeoutMs = parts.timing?.callTimeoutMs ?? 10_000;
    const { settings } = parts;
    const minDelayMs = Math.max(settings.reconnectInterval, 5) * 1000;
    this.#link = new SocketLink({
      minDelayMs,
      maxDelayMs: Math.max(60_000, minDelayMs * 2),
      pingIntervalMs: 30_000,
      readTimeoutMs: 60_000,
      ...parts.timing,
      log: this.#log,
      url: async () => settings.wsUrl,
      headers: settings.accessToken ? { authorization: `Bearer ${settings.accessToken}` } : undefined,
      onOpen: () => void this.#fetchSelfId(),
      onMessage: (text) => this.#onFrame(text),
      onClose: () => this.#calls.failAll("connection closed"),
    });
    this.#calls = new PendingCalls((frame) => this.#link.send(frame));
  }

  isReady(): boolean {
    return this.#running && this.#link.isOpen;
  }

  /** The bot's QQ id once get_login_info answered, else "". */
  get selfId(): string {
    return this.#selfId;
  }

  /** Dials and resolves after the first attempt; a OneBot that is down is redialled in the background. */
  async start(signal: AbortSignal): Promise<void> {
    this.#abort = new AbortController();
    this.#running = true;
    await this.#link.start(AbortSignal.any([signal, this.#abort.signal]));
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort?.abort();
    this.#calls.failAll("channel stopped");
    await this.#link.stopped();
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    const chatId = message.context.chatId;
    const segments: Segment[] = [];
    const quoted = this.#lastMessage.get(chatId);
    if (quoted) segments.push({ type: "reply", data: { id: quoted } });
    segments.push({ type: "text", data: { text: message.content } });
    return this.#sendSegments(chatId, segments);
  }

  /** Media go as `file://` segments, so the OneBot implementation must share this machine's files. */
  async sendMedia(message: OutboundMediaMessage): Promise<SentIds> {
    const store = this.#parts.deps.media;
    if (!store) throw new PermanentSendError("onebot: no media store");
    const kinds = { image: "image", video: "video", audio: "record", file: "file" } as const;
    const segments: Segment[] = [];
    for (const part of message.parts) {
      segments.push({ type: kinds[part.type], data: { file: `file://${store.resolve(part.ref)}` } });
      if (part.caption) segments.push({ type: "text", data: { text: part.caption } });
    }
    return segments.length > 0 ? this.#sendSegments(message.context.chatId, segments) : [];
  }

  async #sendSegments(chatId: string, segments: Segment[]): Promise<SentIds> {
    if (!this.#running) throw notRunningError(this.name);
    const target = sendTarget(chatId);
    if (!target) throw new PermanentSendError(`onebot: chat id "${chatId}" has no numeric id`);
    if (!this.#link.isOpen) throw new TemporarySendError("onebot: not connected");
    let response: OneBotResponse;
    try {
      response = await this.#calls.call(
        target.action,
        { [target.key]: target.id, message: segments },
        this.#callTimeoutMs,
      );
    } catch (error) {
      const why = error instanceof TimeoutError ? "no response" : errorMessage(error);
      throw new TemporarySendError(`onebot ${target.action}: ${why}`, undefined, { cause: error });
    }
    if (response.status === "ok" || response.status === "async") {
      const data = response.data;
      const id =
        typeof data === "object" && data !== null
          ? idOf((data as Record<string, unknown>)["message_id"])
          : "";
      return id ? [id] : [];
    }
    const detail = `onebot ${target.action}: retcode ${response.retcode} ${response.message}`.trim();
    throw PERMANENT_RETCODES.has(response.retcode)
      ? new PermanentSendError(detail)
      : new TemporarySendError(detail);
  }

  async #fetchSelfId(): Promise<void> {
    try {
      const response = await this.#calls.call("get_login_info", {}, this.#callTimeoutMs);
      const data = response.data;
      const id =
        typeof data === "object" && data !== null ? idOf((data as Record<string, unknown>)["user_id"]) : "";
      if (id === "") throw new Error(`unexpected response: ${JSON.stringify(data)}`);
      this.#selfId = id;
      this.#log.info("OneBot login info", { selfId: id });
    } catch (error) {
      this.#log.warn("get_login_info failed; @-mentions are not detected", { error: errorMessage(error) });
    }
  }

  #onFrame(text: string): void {
    const frame = parseFrame(text);
    if (typeof frame === "string") {
      this.#log.warn("malformed OneBot frame ignored", { reason: frame, bytes: text.length });
      return;
    }
    switch (frame.kind) {
      case "response":
        if (!this.#calls.settle(frame))
          this.#log.debug("OneBot response without a waiter", { echo: frame.echo });
        return;
      case "message":
        this.#onMessage(frame);
        return;
      case "meta":
        if (frame.metaType === "lifecycle") this.#log.info("OneBot lifecycle", { subType: frame.subType });
        return;
      case "notice":
        this.#log.debug("OneBot notice", { type: frame.noticeType, subType: frame.subType });
        return;
      case "other":
        return;
      default:
        frame satisfies never;
    }
  }

  #onMessage(frame: Extract<OneBotFrame, { kind: "message" }>): void {
    if (frame.messageId && !this.#seen.add(frame.messageId)) return;
    const selfId = frame.selfId || this.#selfId;
    if (selfId !== "" && frame.userId === selfId) return;
    const parsed = messageText(frame.message, selfId);
    let content = parsed.text;
    let mentioned = parsed.mentioned;
    const isGroup = frame.messageType === "group";
    const prefix = isGroup
      ? this.#parts.settings.groupTriggerPrefix.find((p) => content.startsWith(p))
      : undefined;
    if (prefix) {
      // Legacy `group_trigger_prefix`: answered like a mention, prefix removed.
      content = content.slice(prefix.length).trim();
      mentioned = true;
    }
    if (content === "") return;
    const chatId = isGroup ? `group:${frame.groupId}` : `private:${frame.userId}`;
    if (frame.messageId) this.#lastMessage.set(chatId, frame.messageId);
    if (this.#lastMessage.size > 1024) this.#lastMessage.delete(this.#lastMessage.keys().next().value ?? "");
    const raw: Record<string, string> = {};
    if (isGroup) raw["group_id"] = frame.groupId;
    if (frame.card || frame.nickname) raw["sender_name"] = frame.card || frame.nickname;
    const message: InboundMessage = {
      content,
      sender: {
        platform: "onebot",
        platformId: frame.userId,
        canonicalId: buildCanonicalId("onebot", frame.userId),
        displayName: frame.nickname || undefined,
      },
      context: {
        channel: this.name,
        chatId,
        chatType: isGroup ? "group" : "direct",
        senderId: frame.userId,
        messageId: frame.messageId || undefined,
        replyToMessageId: parsed.replyTo || undefined,
        mentioned,
        raw,
      },
    };
    const scope = `${this.name}:${chatId}:${frame.messageId || crypto.randomUUID()}`;
    this.#publishing = this.#publishing
      .then(async () => {
        const media = await this.#fetchMedia(message, parsed.media, scope);
        const withMedia = media.length > 0 ? { ...message, media, mediaScope: scope } : message;
        await this.#parts.deps.publish(withMedia, { isGroup, mentioned });
      })
      .catch((error: unknown) =>
        this.#log.warn("inbound message not published", { error: errorMessage(error) }),
      );
  }

  /** Downloads the message's media (allowed senders only); refused ones keep just their marker. */
  async #fetchMedia(
    message: InboundMessage,
    items: readonly OneBotMedia[],
    scope: string,
  ): Promise<string[]> {
    const { deps, allowFrom, settings } = this.#parts;
    if (items.length === 0 || !message.sender || !isAllowedSender(allowFrom ?? [], message.sender)) return [];
    return fetchOneBotMedia(items, scope, {
      media: deps.media,
      maxBytes: deps.maxMediaBytes ?? 20 * 1024 * 1024,
      whitelist: settings.mediaHostWhitelist,
      log: this.#log,
      signal: this.#abort?.signal,
    });
  }
}

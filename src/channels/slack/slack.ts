/**
 * Slack channel: Socket Mode for events (each envelope acked before it is handled, so Slack never
 * redelivers a slow one) and the Web API for replies. A reply edits the "Thinking..." placeholder with
 * chat.update; replies go to the thread the conversation lives in.
 */
import type { MessageContext, OutboundMediaMessage, OutboundMessage } from "../../bus/message.ts";
import { errorMessage } from "../../lib/errors.ts";
import { isAllowedSender } from "../allow-list.ts";
import type { Channel, SentIds } from "../channel.ts";
import { RecentIds } from "../recent-ids.ts";
import type { ChannelFactoryDeps } from "../registry.ts";
import { notRunningError, PermanentSendError } from "../send-error.ts";
import { SocketLink, type SocketLinkTiming } from "../socket-link.ts";
import { fetchSlackFiles } from "./files.ts";
import { type SlackInbound, type SlackSelf, slackCommandToInbound, slackEventToInbound } from "./inbound.ts";
import { ackFrame, parseEnvelope, parseSlackChatId, type SlackFile } from "./protocol.ts";
import { sendSlackMedia } from "./send-media.ts";
import type { SlackWebApi } from "./web-api.ts";

/** PicoClaw's Slack limit, in code points. */
export const SLACK_MAX_MESSAGE_LENGTH = 40_000;

/** Everything the channel is built from. */
export interface SlackChannelParts {
  name: string;
  api: SlackWebApi;
  deps: Pick<ChannelFactoryDeps, "publish" | "log" | "media" | "maxMediaBytes">;
  /** `allow_from`: files of senders it rejects are not downloaded. */
  allowFrom?: readonly string[] | undefined;
  timing?: SocketLinkTiming | undefined;
}

/** The Slack channel lifecycle. */
export class SlackChannel implements Channel {
  readonly name: string;
  readonly type = "slack";
  readonly maxMessageLength = SLACK_MAX_MESSAGE_LENGTH;
  readonly #api: SlackWebApi;
  readonly #deps: SlackChannelParts["deps"];
  readonly #link: SocketLink;
  readonly #allowFrom: readonly string[];
  readonly #seen = new RecentIds(512);
  /** Inbound messages awaiting the ✅ reaction PicoClaw adds once answered, by chat id. */
  readonly #pendingAcks = new Map<string, { channel: string; ts: string }>();
  #self: SlackSelf | undefined;
  #hello = false;
  #running = false;
  #abort: AbortController | undefined;
  /** Publishes run one after another so a chat's messages reach the bus in order. */
  #publishing: Promise<void> = Promise.resolve();

  constructor(parts: SlackChannelParts) {
    this.name = parts.name;
    this.#api = parts.api;
    this.#deps = parts.deps;
    this.#allowFrom = parts.allowFrom ?? [];
    this.#link = new SocketLink({
      minDelayMs: 1000,
      maxDelayMs: 60_000,
      ...parts.timing,
      log: parts.deps.log,
      url: async (signal) => {
        await this.#whoAmI(signal);
        return this.#api.openConnection(signal);
      },
      onMessage: (text) => this.#onFrame(text),
      onClose: () => {
        this.#hello = false;
      },
    });
  }

  /** Socket connected and Slack said hello. */
  isReady(): boolean {
    return this.#running && this.#hello && this.#link.isOpen;
  }

  /** Checks the bot token (a revoked one fails start), then keeps Socket Mode connected. */
  async start(signal: AbortSignal): Promise<void> {
    this.#abort = new AbortController();
    const inner = AbortSignal.any([signal, this.#abort.signal]);
    try {
      await this.#whoAmI(inner);
    } catch (error) {
      if (error instanceof PermanentSendError) throw error;
      this.#deps.log.warn("slack auth.test failed; retrying in the background", {
        error: errorMessage(error),
      });
    }
    this.#running = true;
    await this.#link.start(inner);
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort?.abort();
    await this.#link.stopped();
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    if (!this.#running) throw notRunningError(this.name);
    const { channel, threadTs } = this.#target(message.context);
    const ts = await this.#api.postMessage(channel, message.content, threadTs);
    this.#ackInbound(message.context.chatId);
    return ts ? [ts] : [];
  }

  /** Files go through the external upload flow into the chat's channel and thread. */
  async sendMedia(message: OutboundMediaMessage): Promise<SentIds> {
    if (!this.#running) throw notRunningError(this.name);
    await sendSlackMedia(this.#api, this.#deps.media, this.#target(message.context), message.parts);
    this.#ackInbound(message.context.chatId);
    return [];
  }

  async sendPlaceholder(chatId: string, text: string): Promise<string> {
    const { channel, threadTs } = parseSlackChatId(chatId);
    return this.#api.postMessage(channel, text, threadTs);
  }

  async editMessage(chatId: string, messageId: string, text: string): Promise<void> {
    await this.#api.updateMessage(parseSlackChatId(chatId).channel, messageId, text);
    this.#ackInbound(chatId);
  }

  async deleteMessage(chatId: string, messageId: string): Promise<void> {
    await this.#api.deleteMessage(parseSlackChatId(chatId).channel, messageId);
  }

  /** Channel and thread of a reply: the chat id's thread, else the context's topic or replied message. */
  #target(context: MessageContext): { channel: string; threadTs: string } {
    const { channel, threadTs } = parseSlackChatId(context.chatId);
    if (channel === "") throw new PermanentSendError(`invalid slack chat id "${context.chatId}"`);
    const thread = threadTs || context.topicId || context.replyToMessageId || "";
    return { channel, threadTs: thread };
  }

  async #whoAmI(signal: AbortSignal): Promise<void> {
    if (this.#self) return;
    const me = await this.#api.authTest(signal);
    this.#self = { channelName: this.name, botUserId: me.userId, teamId: me.teamId };
    this.#deps.log.info("slack bot identified", { botUserId: me.userId, team: me.team });
  }

  #onFrame(text: string): void {
    const envelope = parseEnvelope(text);
    if ("envelopeId" in envelope && envelope.envelopeId !== "")
      this.#link.send(ackFrame(envelope.envelopeId));
    switch (envelope.type) {
      case "error":
        this.#deps.log.warn("malformed Socket Mode frame ignored", { reason: envelope.reason });
        return;
      case "hello":
        this.#hello = true;
        this.#deps.log.info("Socket Mode ready");
        return;
      case "disconnect":
        this.#deps.log.info("Slack asked us to reconnect", { reason: envelope.reason });
        this.#hello = false;
        this.#link.reconnect();
        return;
      case "events_api":
        if (envelope.event && this.#self)
          this.#offer(slackEventToInbound(envelope.event, this.#self), envelope.event.files);
        return;
      case "slash_commands":
        if (this.#self) this.#offer(slackCommandToInbound(envelope.command, this.#self));
        return;
      case "other":
        return;
      default:
        envelope satisfies never;
    }
  }

  #offer(inbound: SlackInbound | undefined, files: readonly SlackFile[] = []): void {
    if (!inbound) return;
    const { context } = inbound.message;
    const rawChannel = context.raw?.["channel_id"] ?? "";
    if (context.messageId && !this.#seen.add(`${rawChannel}:${context.messageId}`)) return;
    if (context.messageId && rawChannel) {
      this.#pendingAcks.set(context.chatId, { channel: rawChannel, ts: context.messageId });
      if (this.#pendingAcks.size > 256) this.#pendingAcks.delete(this.#pendingAcks.keys().next().value ?? "");
    }
    const facts = { isGroup: inbound.isGroup, mentioned: inbound.mentioned };
    this.#publishing = this.#publishing
      .then(async () => this.#deps.publish(await this.#withFiles(inbound, files), facts))
      .catch((error: unknown) => {
        this.#deps.log.warn("inbound message not published", { error: errorMessage(error) });
      });
  }

  /** Fetches the message's files into the media store (allowed senders only) and tags the content. */
  async #withFiles(inbound: SlackInbound, files: readonly SlackFile[]): Promise<SlackInbound["message"]> {
    const { message } = inbound;
    if (files.length === 0 || !message.sender || !isAllowedSender(this.#allowFrom, message.sender))
      return message;
    const { context } = message;
    const scope = `${this.name}:${context.chatId}:${context.messageId ?? ""}`;
    const fetched = await fetchSlackFiles(files, scope, {
      download: (url, maxBytes, signal) => this.#api.downloadFile(url, maxBytes, signal),
      media: this.#deps.media,
      maxMediaBytes: this.#deps.maxMediaBytes ?? 20 * 1024 * 1024,
      log: this.#deps.log,
      signal: this.#abort?.signal,
    });
    const content = [message.content, ...fetched.tags].filter((part) => part !== "").join("\n");
    const media = fetched.refs.length > 0 ? fetched.refs : undefined;
    return { ...message, content, media, mediaScope: media ? scope : undefined };
  }

  /** Marks the answered inbound message with ✅, best effort (PicoClaw does the same). */
  #ackInbound(chatId: string): void {
    const ref = this.#pendingAcks.get(chatId);
    if (!ref) return;
    this.#pendingAcks.delete(chatId);
    this.#api.addReaction(ref.channel, ref.ts, "white_check_mark").catch((error: unknown) => {
      this.#deps.log.debug("reaction not added", { error: errorMessage(error) });
    });
  }
}

/**
 * WhatsApp channel over PicoClaw's external bridge: one WebSocket client to `bridge_url`, redialled
 * with backoff for as long as the gateway runs (Go's channel gave up when its first dial failed).
 * A send is one frame; the bridge acknowledges nothing, so a frame the socket took counts as sent.
 * No `sendMedia`: the bridge protocol has only `{type:"message", to, content}` outbound (PicoClaw's Go
 * channel sends nothing else), so media from the agent cannot reach WhatsApp through the bridge.
 */
import type { InboundMessage, OutboundMessage } from "../../bus/message.ts";
import { buildCanonicalId } from "../../identity/canonical-id.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import type { Channel, ChannelDeps, SentIds } from "../channel.ts";
import { RecentIds } from "../recent-ids.ts";
import { notRunningError, TemporarySendError } from "../send-error.ts";
import { SocketLink, type SocketLinkTiming } from "../socket-link.ts";
import { registerBridgeMedia } from "./bridge-media.ts";
import { type BridgeFrame, messageFrame, parseBridgeFrame } from "./protocol.ts";
import type { WhatsAppSettings } from "./settings.ts";

/** PicoClaw's WhatsApp limit, in code points. */
export const WHATSAPP_MAX_MESSAGE_LENGTH = 65_536;

/** Everything the channel is built from. */
export interface WhatsAppChannelParts {
  name: string;
  settings: WhatsAppSettings;
  deps: Pick<ChannelDeps, "publish"> & {
    log: Logger;
    media?: MediaStore | undefined;
    maxMediaBytes?: number | undefined;
  };
  timing?: SocketLinkTiming | undefined;
}

/** The WhatsApp bridge channel lifecycle. */
export class WhatsAppChannel implements Channel {
  readonly name: string;
  readonly type = "whatsapp";
  readonly maxMessageLength = WHATSAPP_MAX_MESSAGE_LENGTH;
  readonly #parts: WhatsAppChannelParts;
  readonly #log: Logger;
  readonly #link: SocketLink;
  readonly #seen = new RecentIds(1024);
  #running = false;
  #abort: AbortController | undefined;
  #publishing: Promise<void> = Promise.resolve();

  constructor(parts: WhatsAppChannelParts) {
    this.name = parts.name;
    this.#parts = parts;
    this.#log = parts.deps.log;
    if (parts.settings.useNative)
      this.#log.warn("use_native is not available in this port; using the bridge");
    this.#link = new SocketLink({
      minDelayMs: 1000,
      maxDelayMs: 30_000,
      ...parts.timing,
      log: this.#log,
      url: async () => parts.settings.bridgeUrl,
      onMessage: (text) => this.#onFrame(text),
    });
  }

  isReady(): boolean {
    return this.#running && this.#link.isOpen;
  }

  /** Dials and resolves after the first attempt; a bridge that is down is redialled in the background. */
  async start(signal: AbortSignal): Promise<void> {
    this.#abort = new AbortController();
    this.#running = true;
    await this.#link.start(AbortSignal.any([signal, this.#abort.signal]));
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#abort?.abort();
    await this.#link.stopped();
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    if (!this.#running) throw notRunningError(this.name);
    if (!this.#link.send(messageFrame(message.context.chatId, message.content)))
      throw new TemporarySendError("whatsapp bridge not connected");
    return [];
  }

  #onFrame(text: string): void {
    const frame = parseBridgeFrame(text);
    if (typeof frame === "string") {
      this.#log.warn("malformed bridge frame ignored", { reason: frame, bytes: text.length });
      return;
    }
    switch (frame.type) {
      case "message":
        this.#onMessage(frame);
        return;
      case "status":
        this.#log.info("WhatsApp bridge status", { status: frame.status });
        return;
      case "qr":
        this.#log.warn("WhatsApp bridge waits for a QR scan (see the bridge's output)");
        return;
      case "error":
        this.#log.warn("WhatsApp bridge error", { error: frame.error });
        return;
      case "other":
        return;
      default:
        frame satisfies never;
    }
  }

  #onMessage(frame: Extract<BridgeFrame, { type: "message" }>): void {
    if (frame.id && !this.#seen.add(frame.id)) return;
    const isGroup = frame.chat !== frame.from;
    const scope = `${this.name}:${frame.chat}:${frame.id || crypto.randomUUID()}`;
    const { refs: media, tags } = registerBridgeMedia(frame.media, scope, {
      media: this.#parts.deps.media,
      maxBytes: this.#parts.deps.maxMediaBytes ?? 20 * 1024 * 1024,
      log: this.#log,
    });
    const content = [frame.content.trim(), ...tags].filter((part) => part !== "").join("\n");
    if (content === "") return;
    const message: InboundMessage = {
      content,
      media: media.length > 0 ? media : undefined,
      mediaScope: scope,
      sender: {
        platform: "whatsapp",
        platformId: frame.from,
        canonicalId: buildCanonicalId("whatsapp", frame.from),
        displayName: frame.fromName || undefined,
      },
      context: {
        channel: this.name,
        chatId: frame.chat,
        chatType: isGroup ? "group" : "direct",
        senderId: frame.from,
        messageId: frame.id || undefined,
        raw: frame.fromName ? { user_name: frame.fromName } : undefined,
      },
    };
    this.#publishing = this.#publishing
      .then(() => this.#parts.deps.publish(message, { isGroup, mentioned: false }))
      .catch((error: unknown) =>
        this.#log.warn("inbound message not published", { error: errorMessage(error) }),
      );
  }
}

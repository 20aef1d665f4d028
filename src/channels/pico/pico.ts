/**
 * The Pico channel: PicoClaw's native WebSocket protocol at /pico/ws on the gateway server. Each
 * connection belongs to a session (chat id `pico:<session>`); every reply goes to all connections of its
 * session, and with none open a send fails as temporary so the manager keeps it in the outbox.
 */
import type { InboundMessage, OutboundMediaMessage, OutboundMessage } from "../../bus/message.ts";
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import type { MediaStore } from "../../media/store.ts";
import type { WebSocketHandlers } from "../../platform/platform.ts";
import type { Channel, ChannelDeps, ChannelRoute, SentIds, StopTyping } from "../channel.ts";
import { PermanentSendError, TemporarySendError } from "../send-error.ts";
import { MAX_IN_FLIGHT, MAX_IN_FLIGHT_BYTES, PicoConnection } from "./connection.ts";
import { decodeDataUrl } from "./inline-media.ts";
import { createMediaHandler } from "./media-route.ts";
import { buildMediaFrame } from "./outbound-media.ts";
import {
  type ClientFrame,
  errorFrame,
  formatFrame,
  type MessagePayload,
  type ProtocolError,
  parseFrame,
  type ServerFrame,
} from "./protocol.ts";
import type { PicoSettings } from "./settings.ts";
import { StreamTracker } from "./stream.ts";
import { createWsHandler } from "./ws-endpoint.ts";

/** What the Pico channel needs from the gateway. */
export interface PicoDeps extends ChannelDeps {
  log: Logger;
  media?: MediaStore | undefined;
  now?: (() => number) | undefined;
}

const CHAT_PREFIX = "pico:";

/** The Pico WebSocket channel. */
export class PicoChannel implements Channel {
  readonly name: string;
  readonly type = "pico";
  readonly maxMessageLength = 0;
  readonly settings: PicoSettings;
  /** Declared capability: settings.streaming.enabled (default on). */
  readonly streaming: boolean;
  readonly #deps: PicoDeps;
  readonly #now: () => number;
  readonly #connections = new Map<string, PicoConnection>();
  readonly #sessions = new Map<string, Set<PicoConnection>>();
  readonly #streams: StreamTracker;
  #running = false;
  /** Frame bytes admitted on every connection and not yet handed to the bus. */
  #inFlightBytes = 0;

  constructor(name: string, settings: PicoSettings, deps: PicoDeps) {
    this.name = name;
    this.settings = settings;
    this.streaming = settings.streaming.enabled;
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    const { throttleSeconds, minGrowthChars } = settings.streaming;
    this.#streams = new StreamTracker({ throttleMs: throttleSeconds * 1000, minGrowthChars, now: this.#now });
  }

  async start(signal: AbortSignal): Promise<void> {
    this.#running = true;
    signal.addEventListener("abort", () => void this.stop(), { once: true });
    this.#deps.log.info("pico channel started");
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const connection of this.#connections.values()) connection.close(1001, "server shutting down");
    this.#connections.clear();
    this.#sessions.clear();
    this.#deps.log.info("pico channel stopped");
  }

  isReady(): boolean {
    return this.#running;
  }

  /** Open connections (all sessions). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  routes(): readonly ChannelRoute[] {
    const ws = createWsHandler(this, (sessionId) => this.#socketHandlers(sessionId));
    const media = createMediaHandler(this.settings, () => this.#running, this.#deps.media);
    return [
      { path: "/pico/ws", handler: ws },
      { path: "/pico/ws/", handler: ws },
      { path: "/pico/media/*", handler: media },
    ];
  }

  isChatConnected(chatId: string): boolean {
    return (this.#sessions.get(sessionOf(chatId))?.size ?? 0) > 0;
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    this.#assertRunning();
    const chatId = message.context.chatId;
    if (message.kind === "stream" || message.kind === "stream_end") {
      const key = message.id ?? chatId;
      const final = message.kind === "stream_end";
      const step = this.#streams.step(key, message.content, final, () => message.id ?? crypto.randomUUID());
      if (step.action === "skip") return [];
      const type = step.action === "create" ? "message.create" : "message.update";
      this.#broadcast(chatId, { type, payload: messagePayload(message, step.messageId) });
      this.#streams.commit(key, step.messageId, message.content, final);
      return [step.messageId];
    }
    const messageId = message.id ?? crypto.randomUUID();
    this.#broadcast(chatId, { type: "message.create", payload: messagePayload(message, messageId) });
    return [messageId];
  }

  async sendPlaceholder(chatId: string, text: string): Promise<string> {
    const messageId = crypto.randomUUID();
    this.#broadcast(chatId, {
      type: "message.create",
      payload: { content: text, placeholder: true, message_id: messageId },
    });
    return messageId;
  }

  async editMessage(chatId: string, messageId: string, text: string, reply?: OutboundMessage): Promise<void> {
    const payload: MessagePayload = reply
      ? messagePayload(reply, messageId)
      : { content: text, message_id: messageId };
    this.#broadcast(chatId, { type: "message.update", payload: { ...payload, content: text } });
  }

  async deleteMessage(chatId: string, messageId: string): Promise<void> {
    this.#broadcast(chatId, { type: "message.delete", payload: { message_id: messageId } });
  }

  async startTyping(chatId: string): Promise<StopTyping> {
    this.#broadcast(chatId, { type: "typing.start" });
    return () => {
      if (this.isChatConnected(chatId)) this.#broadcast(chatId, { type: "typing.stop" });
    };
  }

  async sendMedia(message: OutboundMediaMessage): Promise<SentIds> {
    this.#assertRunning();
    if (!this.#deps.media) throw new PermanentSendError("no media store available");
    const frame = buildMediaFrame(message, this.#deps.media, this.#deps.log);
    this.#broadcast(message.context.chatId, frame);
    return [frame.payload.message_id];
  }

  /** Registers a connection unless the limit is reached (the race PicoClaw answers with 1013). */
  #socketHandlers(sessionId: string): WebSocketHandlers {
    let connection: PicoConnection | undefined;
    return {
      open: (socket) => {
        if (this.#connections.size >= this.settings.maxConnections || !this.#running) {
          socket.close(1013, "too many connections");
          return;
        }
        connection = new PicoConnection(socket, sessionId, {
          pingIntervalMs: this.settings.pingInterval * 1000,
          readTimeoutMs: this.settings.readTimeout * 1000,
        });
        this.#connections.set(connection.id, connection);
        const peers = this.#sessions.get(sessionId) ?? new Set();
        peers.add(connection);
        this.#sessions.set(sessionId, peers);
        connection.start();
        this.#deps.log.info("client connected", { connId: connection.id, sessionId });
        this.#deps.chatConnected(CHAT_PREFIX + sessionId);
      },
      message: (_socket, data) => {
        if (!connection) return;
        connection.touch();
        if (typeof data !== "string") {
          connection.close(1003, "text frames only");
          return;
        }
        this.#onFrame(connection, parseFrame(data), data.length);
      },
      pong: () => connection?.touch(),
      close: () => {
        if (!connection) return;
        connection.dispose();
        this.#connections.delete(connection.id);
        const peers = this.#sessions.get(connection.sessionId);
        peers?.delete(connection);
        if (peers?.size === 0) this.#sessions.delete(connection.sessionId);
        this.#deps.log.info("client disconnected", {
          connId: connection.id,
          sessionId: connection.sessionId,
        });
      },
    };
  }

  #onFrame(connection: PicoConnection, frame: ClientFrame | ProtocolError, size: number): void {
    switch (frame.type) {
      case "protocol_error":
        connection.send(formatFrame(errorFrame(frame), this.#now()));
        return;
      case "ping":
        connection.send(formatFrame({ type: "pong", id: frame.id }, this.#now()));
        return;
      case "message.send":
      case "media.send":
        if (!this.#admit(connection, frame, size)) {
          this.#deps.log.warn("client has too many messages in flight; refused one", {
            connId: connection.id,
          });
          const busy = errorFrame({
            type: "protocol_error",
            code: "busy",
            message: `too many messages in flight (${MAX_IN_FLIGHT}); wait for replies and send again`,
            requestId: frame.id,
          });
          connection.send(formatFrame(busy, this.#now()));
        }
        return;
      default: {
        const unhandled: never = frame;
        throw new Error(`unhandled frame ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** Admits a message within the connection's count and the channel's byte budget; false when refused. */
  #admit(
    connection: PicoConnection,
    frame: Extract<ClientFrame, { content: string }>,
    size: number,
  ): boolean {
    if (this.#inFlightBytes > 0 && this.#inFlightBytes + size > MAX_IN_FLIGHT_BYTES) return false;
    const admitted = connection.admit(
      () => {
        this.#inFlightBytes += size;
        return this.#publish(connection, frame).finally(() => {
          this.#inFlightBytes -= size;
        });
      },
      (error) => this.#deps.log.warn("inbound message not handled", { error: errorMessage(error) }),
    );
    return admitted;
  }

  async #publish(
    connection: PicoConnection,
    frame: Extract<ClientFrame, { content: string }>,
  ): Promise<void> {
    const sessionId = frame.sessionId || connection.sessionId;
    const chatId = CHAT_PREFIX + sessionId;
    const scope = `${this.name}:${chatId}:${frame.id || crypto.randomUUID()}`;
    const media = this.#deps.media;
    const refs = media
      ? await Promise.all(
          frame.media.map((url) => {
            const { contentType, bytes } = decodeDataUrl(url);
            return media.storeBytes(bytes, { contentType, source: "pico" }, scope);
          }),
        )
      : frame.media;
    const message: InboundMessage = {
      context: {
        channel: this.name,
        chatId,
        chatType: "direct",
        senderId: "pico-user",
        messageId: frame.id || undefined,
        raw: { platform: "pico", session_id: sessionId, conn_id: connection.id },
      },
      sender: { platform: "pico", platformId: "pico-user", canonicalId: "pico:pico-user" },
      content: frame.content,
      media: refs.length > 0 ? refs : undefined,
      mediaScope: scope,
    };
    await this.#deps.publish(message);
  }

  /** Sends a frame to every connection of the chat's session; throws when none took it. */
  #broadcast(chatId: string, frame: ServerFrame): void {
    const sessionId = sessionOf(chatId);
    const text = formatFrame(frame, this.#now(), sessionId);
    let sent = false;
    for (const connection of this.#sessions.get(sessionId) ?? []) sent = connection.send(text) || sent;
    if (!sent) throw new TemporarySendError(`no active connections for session ${sessionId}`);
  }

  #assertRunning(): void {
    if (!this.#running) throw new PermanentSendError("pico channel not running");
  }
}

function sessionOf(chatId: string): string {
  return chatId.startsWith(CHAT_PREFIX) ? chatId.slice(CHAT_PREFIX.length) : chatId;
}

/** The message.create/update payload of an outbound reply. */
function messagePayload(message: OutboundMessage, messageId: string): MessagePayload {
  const payload: MessagePayload = { content: message.content, message_id: messageId };
  const model = message.modelName?.trim() || message.context.raw?.["model_name"]?.trim();
  if (model) payload.model_name = model;
  if (message.kind === "thought") {
    payload.kind = "thought";
    payload.thought = true;
  } else if (message.kind === "tool_calls") {
    payload.kind = "tool_calls";
    const calls = parseToolCalls(message.context.raw?.["tool_calls"]);
    if (calls) payload.tool_calls = calls;
  }
  return payload;
}

function parseToolCalls(raw: string | undefined): unknown[] | undefined {
  if (!raw?.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) && value.length > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

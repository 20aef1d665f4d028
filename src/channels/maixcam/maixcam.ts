/**
 * MaixCam device channel: a TCP server (and a WebSocket route on the gateway port) that cameras
 * connect in to. Detections become inbound messages; every reply is broadcast to all connected
 * devices, at most once per device per message id.
 */
import type { OutboundMessage } from "../../bus/message.ts";
import type { Logger } from "../../lib/logger.ts";
import type { HttpHandler, Platform, TcpServer, TcpSocket } from "../../platform/platform.ts";
import type { Channel, ChannelDeps, ChannelRoute, SentIds } from "../channel.ts";
import { PermanentSendError, TemporarySendError } from "../send-error.ts";
import { DeliveryLog } from "./delivery-log.ts";
import { DeviceSession } from "./device-session.ts";
import { type DeviceFrame, detectionRaw, detectionText, encodeCommand } from "./protocol.ts";
import type { MaixcamSettings } from "./settings.ts";

/** The chat every detection belongs to (PicoClaw's fixed chat id). */
export const MAIXCAM_CHAT_ID = "default";
/** WebSocket path on the gateway's HTTP server. */
export const MAIXCAM_WS_PATH = "/maixcam/ws";

/** Everything the channel needs from outside. */
export interface MaixcamDeps extends ChannelDeps {
  platform: Platform;
  log: Logger;
  now?: () => number;
}

/** A connected, authenticated device: `write` sends one encoded command. */
interface Device {
  readonly address: string;
  write(command: string): boolean;
}

/** A transport's session and the hook to call when the transport has closed. */
interface Connection {
  session: DeviceSession;
  forget(): void;
}

/** The MaixCam channel lifecycle. */
export class MaixcamChannel implements Channel {
  readonly name: string;
  readonly type = "maixcam";
  readonly maxMessageLength = 0;
  readonly #settings: MaixcamSettings;
  readonly #deps: MaixcamDeps;
  readonly #devices = new Set<Device>();
  readonly #sessions = new Set<DeviceSession>();
  readonly #delivered = new DeliveryLog<Device>();
  readonly #isOpen = (device: Device) => this.#devices.has(device);
  #server: TcpServer | undefined;
  #running = false;

  constructor(name: string, settings: MaixcamSettings, deps: MaixcamDeps) {
    this.name = name;
    this.#settings = settings;
    this.#deps = deps;
  }

  /** The TCP port actually bound (useful with port 0). */
  get port(): number {
    return this.#server?.port ?? 0;
  }

  async start(signal: AbortSignal): Promise<void> {
    const { host, port } = this.#settings;
    this.#server = await this.#deps.platform.listenTcp({ host, port, handlers: this.#tcpHandlers() });
    this.#running = true;
    signal.addEventListener("abort", () => void this.stop(), { once: true });
    this.#deps.log.info("listening for MaixCam devices", { host, port: this.#server.port });
  }

  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    for (const session of this.#sessions) session.close("gateway stopping");
    this.#sessions.clear();
    this.#devices.clear();
    await this.#server?.stop();
    this.#deps.log.info("MaixCam channel stopped");
  }

  isReady(): boolean {
    return this.#running;
  }

  /** Replies are broadcast whatever the chat id, so any connected device makes every chat live. */
  isChatConnected(_chatId: string): boolean {
    return this.#devices.size > 0;
  }

  routes(): readonly ChannelRoute[] {
    return [{ path: MAIXCAM_WS_PATH, handler: this.#wsHandler }];
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    if (!this.#running) throw new PermanentSendError("maixcam channel is not running");
    if (this.#devices.size === 0) throw new TemporarySendError("no connected MaixCam devices");
    const { id } = message;
    const command = encodeCommand(message.context.chatId, message.content);
    let failed = 0;
    for (const device of [...this.#devices]) {
      if (id !== undefined && this.#delivered.has(id, device, this.#isOpen)) continue;
      if (device.write(command)) {
        if (id !== undefined) this.#delivered.record(id, device);
      } else failed++;
    }
    // Devices that did get it are recorded, so the manager's retry reaches only the others.
    if (failed > 0) throw new TemporarySendError(`write failed on ${failed} MaixCam device(s)`);
    return [];
  }

  /** Builds the session of one connection, plus `forget` for when its transport has closed. */
  #session(
    address: string,
    write: (command: string) => boolean,
    close: (reason: string) => void,
  ): Connection {
    const device: Device = { address, write };
    const session = new DeviceSession({
      token: this.#settings.token,
      maxFrameBytes: this.#settings.maxFrameBytes,
      ratePerSecond: this.#settings.rateLimitPerSec,
      log: this.#deps.log,
      ...(this.#deps.now ? { now: this.#deps.now } : {}),
      onReady: () => {
        this.#devices.add(device);
        this.#deps.log.info("MaixCam device connected", { address, devices: this.#devices.size });
        this.#deps.chatConnected(MAIXCAM_CHAT_ID);
      },
      onFrame: (frame) => this.#onFrame(frame),
      close: (reason) => {
        this.#devices.delete(device);
        close(reason);
      },
    });
    this.#sessions.add(session);
    const forget = () => {
      session.closed();
      this.#sessions.delete(session);
      if (this.#devices.delete(device))
        this.#deps.log.info("MaixCam device disconnected", { address, devices: this.#devices.size });
    };
    return { session, forget };
  }

  #tcpHandlers() {
    const connections = new WeakMap<TcpSocket, Connection>();
    return {
      open: (socket: TcpSocket) => {
        const connection = this.#session(
          socket.remoteAddress,
          // A trailing newline keeps replies line-delimited; Go's decoder on a device skips it.
          (command) => socket.write(`${command}\n`),
          () => socket.destroy(),
        );
        connections.set(socket, connection);
        connection.session.open();
      },
      data: (socket: TcpSocket, chunk: Uint8Array) => connections.get(socket)?.session.receive(chunk),
      close: (socket: TcpSocket) => connections.get(socket)?.forget(),
    };
  }

  readonly #wsHandler: HttpHandler = async (_request, context) => {
    if (!this.#running) return new Response("maixcam channel not running\n", { status: 503 });
    let connection: Connection | undefined;
    const upgraded = context.upgrade(
      {
        open: (socket) => {
          connection = this.#session(
            context.remoteAddress,
            (command) => socket.send(command),
            (reason) => socket.close(1008, reason.slice(0, 120)),
          );
          connection.session.open();
        },
        message: (_socket, data) => connection?.session.receive(data),
        close: () => connection?.forget(),
      },
      { maxPayloadBytes: this.#settings.maxFrameBytes },
    );
    return upgraded ? undefined : new Response("expected a WebSocket upgrade\n", { status: 400 });
  };

  #onFrame(frame: Exclude<DeviceFrame, { type: "auth" }>): void {
    const { log } = this.#deps;
    switch (frame.type) {
      case "person_detected":
        this.#publishDetection(frame);
        return;
      case "heartbeat":
        log.debug("heartbeat", { timestamp: frame.timestamp });
        return;
      case "status":
        log.info("status update from MaixCam", { status: frame.data });
        return;
      case "unknown":
        log.warn("unknown MaixCam message type", { type: frame.name });
        return;
      default:
        frame satisfies never;
    }
  }

  #publishDetection(frame: Extract<DeviceFrame, { type: "person_detected" }>): void {
    const message = {
      context: {
        channel: this.name,
        chatId: MAIXCAM_CHAT_ID,
        chatType: "channel" as const,
        senderId: "maixcam",
        raw: detectionRaw(frame.timestamp, frame.detection),
      },
      sender: { platform: "maixcam", platformId: "maixcam", canonicalId: "maixcam:maixcam" },
      content: detectionText(frame.detection),
    };
    this.#deps.publish(message).catch((error: unknown) => {
      this.#deps.log.warn("could not publish detection", { error });
    });
  }
}

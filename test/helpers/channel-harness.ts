/**
 * Scaffolding for a platform channel scenario: one channel under the real ChannelManager and MessageBus,
 * a temp data folder, and a stub agent that records each inbound message and answers `echo: <content>`.
 * `stop()` follows the gateway's shutdown order, so a scenario also proves replies drain on shutdown.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../../src/bus/bus.ts";
import { type InboundMessage, type OutboundMessage, outboundContext } from "../../src/bus/message.ts";
import type { Channel } from "../../src/channels/channel.ts";
import { ChannelManager, type ChannelManagerOptions } from "../../src/channels/manager.ts";
import {
  type ChannelEntry,
  type ChannelFactoryDeps,
  createChannelRegistry,
} from "../../src/channels/registry.ts";
import { createGatewayServer, type GatewayServer } from "../../src/gateway/http-server.ts";
import { createMediaStore, type MediaStore } from "../../src/media/store.ts";
import { bunPlatform } from "../../src/platform/bun.ts";

/** Manager options a scenario may set (rate limits, health, maxMediaBytes, …); the harness sets the rest. */
export type ManagerExtras = Omit<
  ChannelManagerOptions,
  "entries" | "registry" | "bus" | "platform" | "dataDir" | "media"
>;

export interface ChannelHarnessOptions<C extends Channel> {
  entry: ChannelEntry;
  /** Builds the channel; its return type types `harness.channel`. Registered under `entry.type`. */
  factory: (entry: ChannelEntry, deps: ChannelFactoryDeps) => C;
  /** The stub agent's answer to one inbound message; `false` only records. Default {@link echoReply}. */
  reply?: ((message: InboundMessage) => OutboundMessage) | false;
  /** Hands the channel the media store under `<dataDir>/media` (through the manager, as the gateway does). */
  media?: boolean;
  /** Serves `manager.routes()` on a gateway HTTP server on 127.0.0.1 (webhook channels). */
  http?: boolean;
  /** An existing folder to use and keep on stop (a restart on the same state); default a fresh temp one. */
  dataDir?: string;
  /** Aborts the agent before inbound is refused, so nothing still queued is answered during stop. */
  abortAgentFirst?: boolean;
  manager?: ManagerExtras;
}

export interface ChannelHarness<C extends Channel> {
  bus: MessageBus;
  manager: ChannelManager;
  channel: C;
  /** Every message the stub agent took, in order. */
  inbound: InboundMessage[];
  dataDir: string;
  /** The store under `<dataDir>/media`; the channel only sees it with `media: true`. */
  media: MediaStore;
  /** `http://127.0.0.1:<port>` with `http: true`. */
  httpUrl: string | undefined;
  /** Shutdown in the gateway's order, then removes a temp data folder. Idempotent. */
  stop(): Promise<void>;
}

/** The default stub reply: `echo: <content>` to the same chat, with its own id. */
export function echoReply(message: InboundMessage): OutboundMessage {
  const { channel, chatId } = message.context;
  const context = outboundContext(channel, chatId);
  return { context, content: `echo: ${message.content}`, id: crypto.randomUUID() };
}

/** Builds and starts the manager with one channel; on a failed start everything is stopped again. */
export async function startChannelHarness<C extends Channel>(
  options: ChannelHarnessOptions<C>,
): Promise<ChannelHarness<C>> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `pico-${options.entry.name}-`)));
  const media = createMediaStore({ dir: join(dataDir, "media") });
  const bus = new MessageBus();
  // Kept from the factory call rather than looked up, so the channel keeps its concrete type.
  const built: C[] = [];
  const registry = createChannelRegistry([
    [
      options.entry.type,
      (entry, deps) => {
        const channel = options.factory(entry, deps);
        built.push(channel);
        return channel;
      },
    ],
  ]);
  const manager = new ChannelManager({
    ...options.manager,
    entries: [options.entry],
    registry,
    bus,
    platform: bunPlatform,
    dataDir,
    media: options.media ? media : undefined,
  });
  const inbound: InboundMessage[] = [];
  const agentAbort = new AbortController();
  const agent = runAgent(bus, inbound, options.reply ?? echoReply, agentAbort.signal);
  let server: GatewayServer | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (options.abortAgentFirst) {
        agentAbort.abort();
        await agent;
      }
      manager.stopInbound();
      bus.close();
      await agent;
      await manager.drain(2000);
      await manager.stop();
      await server?.stop(true);
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    })());
  try {
    const channel = built[0];
    if (!channel) throw new Error(`channel ${options.entry.name} was not created`);
    const routes = manager.routes();
    if (options.http)
      server = await createGatewayServer({ host: "127.0.0.1", port: 0, platform: bunPlatform, routes });
    await manager.start();
    const httpUrl = server ? `http://127.0.0.1:${server.port}` : undefined;
    return { bus, manager, channel, inbound, dataDir, media, httpUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Takes until the bus is closed and drained (or `signal` aborts), recording and answering each message. */
async function runAgent(
  bus: MessageBus,
  inbound: InboundMessage[],
  reply: ((message: InboundMessage) => OutboundMessage) | false,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    const message = await bus.inbound.take(signal).catch(() => undefined);
    if (!message) return;
    inbound.push(message);
    if (reply) await bus.publishOutbound(reply(message));
  }
}

/**
 * The gateway's composition root: config → bus → agent, channels, cron and heartbeat → one HTTP server.
 * Startup order follows PicoClaw (§1.8): lock, services, HTTP server, channels, ready. Nothing blocks
 * before the listeners open except reading the config.
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listCommands } from "../agent/commands/execute-command.ts";
import { recordLastActive } from "../agent/heartbeat/last-active.ts";
import { createHeartbeatService, heartbeatIntervalMinutes } from "../agent/heartbeat/service.ts";
import { createMcpManager } from "../agent/mcp/manager.ts";
import { MessageBus } from "../bus/bus.ts";
import type { InboundMessage } from "../bus/message.ts";
import { BUILTIN_CHANNELS } from "../channels/builtin.ts";
import { ChannelManager } from "../channels/manager.ts";
import { createChannelRegistry } from "../channels/registry.ts";
import type { Config } from "../config/index.ts";
import { createCronJobRunner } from "../cron/run-job.ts";
import { createCronService } from "../cron/service.ts";
import { createHealth } from "../health/health.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger } from "../lib/logger.ts";
import { startMediaJanitor } from "../media/janitor.ts";
import { createMediaStore } from "../media/store.ts";
import { getPlatform } from "../platform/index.ts";
import { createSystemdNotifier } from "../platform/sd-notify.ts";
import { createAgentRuntime, workspaceOf } from "./agent-runtime.ts";
import { channelEntries } from "./channel-entries.ts";
import { createGatewayServer } from "./http-server.ts";
import { openOfflineQueue } from "./open-offline-queue.ts";
import { claimPidFile } from "./pid-file.ts";
import { createShutdown } from "./shutdown.ts";
import { createStreamSinks, streamingChannels } from "./stream-sinks.ts";
import { webChatHandler } from "./web-chat/index.ts";

const log = createLogger("gateway");

/** What `picoclaw gateway` passes in. */
export interface StartGatewayOptions {
  config: Config;
  home: string;
  env: Record<string, string | undefined>;
  version: string;
  /** Called with the startup banner line. */
  announce(line: string): void;
  /** Exit hook (tests replace process.exit). */
  exit?: ((code: number) => void) | undefined;
}

/** A started gateway. */
export interface RunningGateway {
  port: number;
  addresses: readonly string[];
  /** Runs the shutdown sequence (drain, flush, exit). */
  shutdown(reason: string): Promise<void>;
}

/** Starts everything and resolves once the gateway is ready. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config, env, home } = options;
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const lock = claimPidFile(home, {
    version: options.version,
    port: config.gateway.port,
    host: config.gateway.host,
  });
  const root = new AbortController();
  const platform = await getPlatform();
  const bus = new MessageBus();
  const health = createHealth();
  const media = createMediaStore({ dir: join(tmpdir(), "picoclaw_media") });
  const cleanup = config.tools.media_cleanup;
  if (cleanup?.enabled !== false) {
    startMediaJanitor(media, {
      maxAgeMs: (cleanup?.max_age_minutes ?? 30) * 60_000,
      intervalMs: (cleanup?.interval_minutes ?? 5) * 60_000,
      signal: root.signal,
    });
  }

  let wakeCron = () => {};
  const mcp = config.tools.mcp.enabled
    ? createMcpManager({
        servers: config.tools.mcp.servers,
        workspace: workspaceOf(config, env),
        baseEnv: env,
      })
    : undefined;
  // MCP servers are local subprocesses; their tool lists must be known before the agent's registry is built.
  await mcp?.start(root.signal);
  const agent = createAgentRuntime({
    config,
    bus,
    platform,
    env,
    extraTools: mcp?.tools(),
    media,
    signal: root.signal,
    streamSink: createStreamSinks(bus, streamingChannels(config)),
    onCronChanged: () => wakeCron(),
    offlineQueue: await openOfflineQueue(config, home),
  });
  if (!agent.provider) log.warn("no model configured: every reply explains how to configure one");

  const manager = new ChannelManager({
    entries: channelEntries(config),
    commands: listCommands(),
    registry: createChannelRegistry(BUILTIN_CHANNELS.map((p) => [p.type, p.create] as const)),
    bus,
    platform,
    dataDir: home,
    health,
    splitOnMarker: config.agents.defaults.split_on_marker,
    media,
    maxMediaBytes: config.agents.defaults.max_media_size,
    onInbound: (message) => {
      recordLastActive(agent.workspace, message.context.channel, message.context.chatId).catch(
        (error: unknown) => log.warn("could not record the last active chat", { error: errorMessage(error) }),
      );
    },
  });
  const server = await createGatewayServer({
    host: config.gateway.host,
    port: config.gateway.port,
    platform,
    health,
    routes: manager.routes(),
    root: webChatHandler(),
  });

  const internalTurn = (
    content: string,
    chatId: string,
    sessionKey: string | undefined,
    signal: AbortSignal,
  ) => {
    const message: InboundMessage = { context: { channel: "cli", chatId }, content, sessionKey };
    return agent.loop.handle(message, signal);
  };
  const cron = createCronService({
    workspace: agent.workspace,
    runJob: createCronJobRunner({
      exec: async (command, _target, signal) => {
        const result = await agent.tools.execute(
          "exec",
          { action: "run", command },
          {
            channel: "cron",
            chatId: "cron",
            sessionKey: "cron",
            workspace: agent.workspace,
            signal,
            isInternal: true,
          },
        );
        return { output: result.content, isError: result.isError === true };
      },
      runAgentTurn: (text, sessionKey, _target, signal) => internalTurn(text, "cron", sessionKey, signal),
      publish: (target, text) =>
        bus.publishOutbound({ context: { channel: target.channel, chatId: target.chatId }, content: text }),
    }),
  });
  wakeCron = () => cron.wake();
  const heartbeat = config.heartbeat.enabled
    ? createHeartbeatService({
        workspace: agent.workspace,
        intervalMinutes: heartbeatIntervalMinutes(config.heartbeat.interval),
        runTurn: (prompt, _target, signal) => internalTurn(prompt, "heartbeat", "agent:heartbeat", signal),
        publish: (target, text) =>
          bus.publishOutbound({ context: { channel: target.channel, chatId: target.chatId }, content: text }),
      })
    : undefined;

  const agentDone = agent.loop.run(root.signal);
  await cron.start(root.signal);
  await heartbeat?.start(root.signal);
  await manager.start();
  health.markReady();

  const notifier = await createSystemdNotifier(env);
  const shutdown = createShutdown({
    manager,
    bus,
    server,
    agentDone: () => agentDone,
    extra: async () => {
      notifier.stopping();
      heartbeat?.stop();
      await cron.stop();
      await mcp?.stop();
      root.abort();
      lock.release();
    },
    exit: options.exit,
  });
  shutdown.install();
  notifier.ready(`serving on ${server.addresses.join(", ")}`);
  notifier.startWatchdog(root.signal);
  options.announce(`✓ Gateway started on ${server.addresses.join(", ")}`);
  return {
    port: server.port,
    addresses: server.addresses,
    shutdown: (reason) => {
      health.markNotReady();
      return shutdown.run(reason);
    },
  };
}

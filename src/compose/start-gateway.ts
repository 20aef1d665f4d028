/**
 * The gateway's composition root: config → bus → agent, channels, cron and heartbeat → one HTTP server.
 * Startup order follows PicoClaw (§1.8): lock, services, HTTP server, channels, ready. Nothing blocks
 * before the listeners open except reading the config.
 */
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listCommands } from "../agent/commands/execute-command.ts";
import { createAgentCronJobRunner } from "../agent/cron-job-runner.ts";
import { recordLastActive } from "../agent/heartbeat/last-active.ts";
import { createHeartbeatService, heartbeatIntervalMinutes } from "../agent/heartbeat/service.ts";
import { runInternalTurn } from "../agent/loop/internal-turn.ts";
import { createMcpManager } from "../agent/mcp/manager.ts";
import { MessageBus } from "../bus/bus.ts";
import { createStreamSinks } from "../bus/create-stream-sinks.ts";
import { publishText } from "../bus/publish-text.ts";
import { loadChannelFactories } from "../channels/builtin.ts";
import { ChannelManager } from "../channels/manager.ts";
import { createChannelRegistry } from "../channels/registry.ts";
import type { Config } from "../config/index.ts";
import { createCronService } from "../cron/service.ts";
import { createGatewayServer } from "../gateway/http-server.ts";
import { claimPidFile } from "../gateway/pid-file.ts";
import { createShutdown } from "../gateway/shutdown.ts";
import { webChatHandler } from "../gateway/web-chat/index.ts";
import { createHealth } from "../health/health.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger } from "../lib/logger.ts";
import { startMediaJanitor } from "../media/janitor.ts";
import { createMediaStore } from "../media/store.ts";
import type { Platform } from "../platform/platform.ts";
import { createSystemdNotifier } from "../platform/sd-notify.ts";
import { startReflexes } from "../reflex/start-reflexes.ts";
import { createAgentRuntime, workspaceOf } from "./agent-runtime.ts";
import { channelEntries } from "./channel-entries.ts";
import { openDeviceBus } from "./open-device-bus.ts";
import { openOfflineQueue } from "./open-offline-queue.ts";

const log = createLogger("gateway");

/** What `picoclaw gateway` passes in. */
export interface StartGatewayOptions {
  config: Config;
  home: string;
  env: Record<string, string | undefined>;
  version: string;
  /** The runtime seam (Bun or Node), chosen by the entry point and passed in. */
  platform: Platform;
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
  const { platform } = options;
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
        spawn: platform.spawn,
      })
    : undefined;
  // MCP servers are local subprocesses; their tool lists must be known before the agent's registry is built.
  await mcp?.start(root.signal);
  const agent = await createAgentRuntime({
    config,
    bus,
    platform,
    env,
    extraTools: mcp?.tools(),
    media,
    signal: root.signal,
    // The manager is built below; a sink is asked for only once turns run, after it exists.
    streamSink: createStreamSinks(bus, (channel) => manager.isStreaming(channel)),
    onCronChanged: () => wakeCron(),
    offlineQueue: (id, isDefault) => openOfflineQueue(config, home, isDefault ? undefined : id),
  });
  if (!agent.provider) log.warn("no model configured: every reply explains how to configure one");
  if (config.gateway.hot_reload) {
    log.warn(
      "gateway.hot_reload is set but not run by this port: restart the gateway to apply config changes",
    );
  }

  const reflexes = startReflexes({
    config,
    bus,
    tools: agent.tools,
    workspace: agent.workspace,
    signal: root.signal,
  });
  const devices = openDeviceBus({
    config,
    bus,
    tools: agent.tools,
    workspace: agent.workspace,
    version: options.version,
    consumed: reflexes.consumesMqtt,
    signal: root.signal,
  });
  const entries = channelEntries(config);
  const manager = new ChannelManager({
    entries,
    commands: listCommands(),
    registry: createChannelRegistry(await loadChannelFactories(entries.map((entry) => entry.type))),
    bus,
    platform,
    dataDir: home,
    health: {
      setCheck(name, ok, message) {
        health.setCheck(name, ok, message);
        if (name.startsWith("channel:")) devices.channelState(name.slice("channel:".length), ok);
      },
    },
    splitOnMarker: config.agents.defaults.split_on_marker,
    media,
    maxMediaBytes: config.agents.defaults.max_media_size,
    inboundGate: reflexes.gate,
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

  const cron = createCronService({
    workspace: agent.workspace,
    runJob: createAgentCronJobRunner({
      loop: agent.loop,
      tools: agent.tools,
      workspace: agent.workspace,
      bus,
    }),
  });
  wakeCron = () => cron.wake();
  const heartbeat = config.heartbeat.enabled
    ? createHeartbeatService({
        workspace: agent.workspace,
        intervalMinutes: heartbeatIntervalMinutes(config.heartbeat.interval),
        runTurn: (prompt, _target, signal) =>
          runInternalTurn(
            agent.loop,
            { content: prompt, chatId: "heartbeat", sessionKey: "agent:heartbeat" },
            signal,
          ),
        publish: publishText(bus),
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
      await reflexes.stop();
      await devices.stop();
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

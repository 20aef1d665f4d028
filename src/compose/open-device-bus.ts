/**
 * Starts the MQTT device bus when the enabled mqtt channel asks for it (Home Assistant discovery,
 * event topics or tool commands). The connection is not awaited: channel states recorded before it
 * is up are applied in order once it is; a failed start is logged and the gateway runs on.
 */
import { readFile } from "node:fs/promises";
import type { MessageBus } from "../bus/bus.ts";
import { readMqttSettings } from "../channels/mqtt/settings.ts";
import type { Config } from "../config/index.ts";
import { type DeviceBus, startDeviceBus, wantsDeviceBus } from "../devicebus/start-device-bus.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger } from "../lib/logger.ts";
import type { ToolRegistry } from "../tools/tool.ts";

const log = createLogger("devices");

/** The device bus, or a no-op when none is configured. */
export function openDeviceBus(options: {
  config: Config;
  bus: MessageBus;
  tools: ToolRegistry;
  workspace: string;
  version: string;
  /** Reflex rules that consume an event keep it from the agent. */
  consumed(topic: string, payload: string): boolean;
  signal: AbortSignal;
}): DeviceBus {
  const channels = Object.entries(options.config.channel_list).filter(([, c]) => c.enabled);
  const mqtt = channels.find(([, c]) => c.type === "mqtt");
  const settings = mqtt ? readMqttSettings(mqtt[1].settings) : undefined;
  if (!mqtt || !settings || !wantsDeviceBus(settings))
    return { channelState: () => {}, stop: async () => {} };
  const ready: Promise<DeviceBus | undefined> = startDeviceBus({
    ...options,
    channel: mqtt[0],
    settings,
    channels: channels.map(([name]) => name),
    readFile: (path) => readFile(path, "utf8"),
    log,
  }).catch((error: unknown) => {
    log.error("MQTT device bus not started", { error: errorMessage(error) });
    return undefined;
  });
  return {
    channelState(name, isReady) {
      void ready.then((bus) => bus?.channelState(name, isReady));
    },
    async stop() {
      await (await ready)?.stop();
    },
  };
}

/**
 * MQTT as a device bus (issue 11), on its own broker connection made with the MQTT channel's
 * settings: the gateway's availability by last will ("offline" retained on an unclean drop,
 * "online" on connect, "offline" on a clean stop), Home Assistant discovery, device events on the
 * configured topic filters handed to the agent as inbound messages, and the exposed tools run from
 * command topics with a JSON reply. Nothing connects unless one of those is configured.
 */
import type { MqttClient } from "mqtt";
import type { MessageBus } from "../bus/bus.ts";
import { buildClientOptions } from "../channels/mqtt/client-options.ts";
import type { MqttSettings } from "../channels/mqtt/settings.ts";
import { topicPrefix } from "../channels/mqtt/topics.ts";
import type { Logger } from "../lib/logger.ts";
import { topicMatches } from "../lib/topic-filter.ts";
import type { ToolRegistry } from "../tools/tool.ts";
import { deviceEventMessage } from "./device-event.ts";
import { discoveryMessages, OFFLINE, ONLINE } from "./discovery.ts";
import { parseToolCall, replyTopic, toolFromTopic, toolReply } from "./tool-command.ts";

/** What the gateway hands over. */
export interface DeviceBusOptions {
  /** The mqtt channel's name (inbound events are its messages, so replies go back over MQTT). */
  channel: string;
  settings: MqttSettings;
  /** Every configured channel, announced as HA entities. */
  channels: readonly string[];
  bus: MessageBus;
  tools: ToolRegistry;
  workspace: string;
  version: string;
  readFile(path: string): Promise<string>;
  /** True when a reflex rule consumes this event (it then does not reach the agent). */
  consumed?(topic: string, payload: string): boolean;
  log: Logger;
  signal: AbortSignal;
}

/** A running device bus. */
export interface DeviceBus {
  /** Records a channel's readiness; published retained as "ON"/"OFF" on its state topic. */
  channelState(name: string, ready: boolean): void;
  /** Publishes "offline" (retained) and disconnects. */
  stop(): Promise<void>;
}

/** True when the settings ask for any device bus feature. */
export function wantsDeviceBus(s: MqttSettings): boolean {
  return s.homeAssistant.enabled || s.eventTopics.length > 0 || s.toolCommands.tools.length > 0;
}

/** Connects (not awaited by the gateway: its listeners must not wait for a broker). */
export async function startDeviceBus(options: DeviceBusOptions): Promise<DeviceBus> {
  const { settings, log, bus, tools, signal } = options;
  const base = `${topicPrefix(settings.topicPrefix)}/${settings.agentId}`;
  const availability = `${base}/availability`;
  const stateTopic = (name: string) => `${base}/channel/${name}/state`;
  const toolBase = `${base}/tool`;
  const exposed = new Set(settings.toolCommands.tools);
  const states = new Map<string, boolean>();
  const clientId = `${settings.clientId || `picoclaw-${settings.agentId}`}-devices`;
  const clientOptions = await buildClientOptions(settings, clientId, options.readFile);
  const mqtt = await import("mqtt");
  const client: MqttClient = mqtt.connect({
    ...clientOptions,
    clean: true,
    protocolVersion: 5,
    will: { topic: availability, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
  });
  const publish = (topic: string, payload: string, retain: boolean) =>
    client.publishAsync(topic, payload, { qos: 1, retain }).catch((error: unknown) => {
      log.warn("device bus publish failed", { topic, error: String(error) });
    });

  const filters = settings.eventTopics;
  const subscriptions = [
    ...filters,
    ...(exposed.size > 0 || filters.length > 0 ? [`${toolBase}/+/call`] : []),
  ];
  client.on("connect", () => {
    void publish(availability, ONLINE, true);
    if (settings.homeAssistant.enabled) {
      const messages = discoveryMessages({
        discoveryPrefix: settings.homeAssistant.discoveryPrefix,
        nodeId: settings.homeAssistant.nodeId || settings.agentId,
        availabilityTopic: availability,
        version: options.version,
        channels: options.channels.map((name) => ({ name, stateTopic: stateTopic(name) })),
        tools: [...exposed].map((name) => ({ name, callTopic: `${toolBase}/${name}/call` })),
      });
      for (const m of messages) void publish(m.topic, m.payload, true);
      for (const [name, ready] of states) void publish(stateTopic(name), ready ? "ON" : "OFF", true);
    }
    if (subscriptions.length === 0) return;
    client.subscribe(subscriptions, { qos: settings.qos }, (error) => {
      if (error) log.warn("device bus subscribe failed", { error: error.message });
      else log.info("device bus subscribed", { topics: subscriptions.length });
    });
  });
  client.on("error", (error) => log.warn("device bus MQTT client error", { error: error.message }));
  client.on("message", (topic, payload, packet) => {
    const text = new TextDecoder().decode(payload);
    const tool = toolFromTopic(toolBase, topic);
    if (tool !== undefined) {
      const v5 = packet.properties;
      void runCall(tool, text, v5?.responseTopic, v5?.correlationData);
      return;
    }
    if (!filters.some((f) => topicMatches(f, topic))) return;
    if (options.consumed?.(topic, text)) return;
    bus
      .publishInbound(deviceEventMessage(options.channel, topic, text), { signal })
      .catch((error: unknown) => {
        log.warn("device event not delivered", { topic, error: String(error) });
      });
  });

  async function runCall(tool: string, text: string, responseTopic?: string, correlation?: Buffer) {
    const call = parseToolCall(tool, text, exposed);
    let reply: string;
    if (!call.ok) {
      reply = toolReply(call, { ok: false, error: call.error });
    } else {
      const context = { channel: options.channel, chatId: "mqtt:tool", sessionKey: "mqtt:tool" };
      const result = await tools.execute(tool, call.args, {
        ...context,
        workspace: options.workspace,
        signal,
        isInternal: false,
      });
      reply = toolReply(
        call,
        result.isError ? { ok: false, error: result.content } : { ok: true, result: result.content },
      );
    }
    const topic = responseTopic || replyTopic(toolBase, settings.toolCommands.replyTopic, tool);
    await client
      .publishAsync(topic, reply, {
        qos: 1,
        ...(correlation ? { properties: { correlationData: correlation } } : {}),
      })
      .catch((error: unknown) => log.warn("tool reply not published", { topic, error: String(error) }));
  }

  return {
    channelState(name, ready) {
      if (states.get(name) === ready) return;
      states.set(name, ready);
      if (settings.homeAssistant.enabled && client.connected)
        void publish(stateTopic(name), ready ? "ON" : "OFF", true);
    },
    async stop() {
      if (client.connected) await publish(availability, OFFLINE, true);
      await client.endAsync();
    },
  };
}

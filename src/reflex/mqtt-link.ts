/**
 * The reflexes' own broker connection, made with the MQTT channel's settings (another client id,
 * so the channel's session is untouched). It subscribes the rules' topic filters on every connect
 * and publishes the `mqtt_publish` actions. `mqtt` is imported only when a rule needs it.
 */
import type { MqttClient } from "mqtt";
import { buildClientOptions } from "../channels/mqtt/client-options.ts";
import type { MqttSettings } from "../channels/mqtt/settings.ts";
import type { Logger } from "../lib/logger.ts";

/** A connected (or reconnecting) link. */
export interface ReflexMqttLink {
  publish(topic: string, payload: string, options: { qos: 0 | 1 | 2; retain: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Connects; resolves after the first subscription (or the first error) so rules fire from the start. */
export async function openReflexMqttLink(options: {
  settings: MqttSettings;
  topics: readonly string[];
  onMessage(topic: string, payload: string): void;
  readFile(path: string): Promise<string>;
  log: Logger;
  connectTimeoutMs?: number;
}): Promise<ReflexMqttLink> {
  const { settings, log } = options;
  const clientId = `${settings.clientId || `picoclaw-${settings.agentId}`}-reflex`;
  const clientOptions = await buildClientOptions(settings, clientId, options.readFile);
  const mqtt = await import("mqtt");
  const client: MqttClient = mqtt.connect({ ...clientOptions, clean: true });
  const { promise: first, resolve } = Promise.withResolvers<void>();
  client.on("connect", () => {
    if (options.topics.length === 0) return resolve();
    client.subscribe([...options.topics], { qos: settings.qos }, (error) => {
      if (error) log.warn("reflex subscribe failed", { error: error.message });
      else log.info("reflex topics subscribed", { topics: options.topics.length });
      resolve();
    });
  });
  client.on("error", (error) => log.warn("reflex MQTT client error", { error: error.message }));
  client.on("message", (topic, payload) => options.onMessage(topic, new TextDecoder().decode(payload)));
  const timer = setTimeout(resolve, options.connectTimeoutMs ?? 10_000);
  await first;
  clearTimeout(timer);
  return {
    async publish(topic, payload, { qos, retain }) {
      if (!client.connected) throw new Error("MQTT broker not connected");
      await client.publishAsync(topic, payload, { qos, retain });
    },
    async close() {
      await client.endAsync();
    },
  };
}

/**
 * MQTT channel: one broker connection that subscribes `{prefix}/{agent_id}/+/request` on every
 * connect and publishes replies to `…/{client}/response`. The `mqtt` package (~11 MB RSS) is
 * imported inside `start`, so gateways without an MQTT channel never load it.
 */

import type { MqttClient } from "mqtt";
import type { OutboundMessage } from "../../bus/message.ts";
import { deferred } from "../../lib/deferred.ts";
import type { Logger } from "../../lib/logger.ts";
import type { Channel, ChannelDeps, SentIds } from "../channel.ts";
import { PermanentSendError, TemporarySendError } from "../send-error.ts";
import { buildClientOptions } from "./client-options.ts";
import type { MqttSettings } from "./settings.ts";
import {
  clientFromTopic,
  defaultClientId,
  encodePayload,
  parsePayload,
  requestTopic,
  responseTopic,
} from "./topics.ts";

/** Everything the channel needs from outside. */
export interface MqttDeps extends ChannelDeps {
  log: Logger;
  /** Reads a TLS file (CA, certificate, key). */
  readFile(path: string): Promise<string>;
  /** How long `start` waits for the first connection before resolving anyway (Go: 10 s). */
  connectTimeoutMs?: number;
  /** Told each time readiness flips (connected and subscribed, or not); for health and tests. */
  onReadyChange?(ready: boolean): void;
}

/** Conversations to tell the outbox about after a reconnect. */
const REMEMBERED_CHATS = 256;

/** The MQTT channel lifecycle. */
export class MqttChannel implements Channel {
  readonly name: string;
  readonly type = "mqtt";
  readonly maxMessageLength = 0;
  /** The broker client id, fixed for the life of the process. */
  readonly clientId: string;
  readonly #settings: MqttSettings;
  readonly #deps: MqttDeps;
  readonly #chats = new Set<string>();
  #client: MqttClient | undefined;
  #subscribed = false;
  #stopped = false;

  constructor(name: string, settings: MqttSettings, deps: MqttDeps) {
    if (settings.broker === "") throw new Error("mqtt: settings.broker is required");
    if (settings.agentId === "") throw new Error("mqtt: settings.agent_id is required");
    this.name = name;
    this.#settings = settings;
    this.#deps = deps;
    this.clientId = settings.clientId || defaultClientId(settings.agentId, (b) => crypto.getRandomValues(b));
  }

  async start(signal: AbortSignal): Promise<void> {
    const options = await buildClientOptions(this.#settings, this.clientId, this.#deps.readFile);
    if (options.rejectUnauthorized === false && options.protocol?.match(/s$/))
      this.#deps.log.warn("TLS certificate verification is OFF (insecure_skip_verify)");
    const mqtt = await import("mqtt");
    const client = mqtt.connect(options);
    this.#client = client;
    this.#stopped = false;
    const { log } = this.#deps;
    let outage = false;
    const firstReady = deferred<void>();
    client.on("connect", () => {
      log.info(outage ? "reconnected to MQTT broker" : "connected to MQTT broker", {
        broker: this.#settings.broker,
      });
      outage = false;
      this.#subscribe(client, firstReady.resolve);
    });
    client.on("close", () => {
      this.#setSubscribed(false);
      if (!outage && !this.#stopped) log.warn("MQTT connection lost; retrying every 5 s");
      outage = true;
    });
    // MqttClient is an EventEmitter: an 'error' without a listener would throw out of the stream.
    client.on("error", (error) => log.warn("MQTT client error", { error: error.message }));
    client.on("message", (topic, payload) => this.#onMessage(topic, payload));
    signal.addEventListener("abort", () => void this.stop(), { once: true });
    const timer = setTimeout(firstReady.resolve, this.#deps.connectTimeoutMs ?? 10_000);
    await firstReady.promise;
    clearTimeout(timer);
    if (!this.isReady()) log.warn("MQTT broker not reachable yet; the channel keeps retrying");
  }

  async stop(): Promise<void> {
    const client = this.#client;
    if (!client || this.#stopped) return;
    this.#stopped = true;
    this.#setSubscribed(false);
    // A persistent session would keep queueing requests for a client id nobody reuses.
    if (client.connected && !client.options.clean)
      await client.unsubscribeAsync(this.#topic()).catch(() => undefined);
    await client.endAsync();
    this.#deps.log.info("MQTT channel stopped");
  }

  isReady(): boolean {
    return this.#subscribed && (this.#client?.connected ?? false);
  }

  /** Every conversation goes through the one broker connection. */
  isChatConnected(_chatId: string): boolean {
    return this.isReady();
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    if (message.content.trim() === "") return [];
    const { chatId } = message.context;
    if (!chatId.startsWith("mqtt:")) throw new PermanentSendError(`not an MQTT chat id: ${chatId}`);
    const client = this.#client;
    if (!client || this.#stopped) throw new PermanentSendError("mqtt channel is not running");
    if (!client.connected) throw new TemporarySendError("MQTT broker not connected");
    const { topicPrefix, agentId, qos } = this.#settings;
    const topic = responseTopic(topicPrefix, agentId, chatId.slice("mqtt:".length));
    try {
      // With QoS ≥ 1 this resolves on PUBACK; MQTT.js resends an unacknowledged publish itself
      // after a reconnect, so no timeout here (one would make the manager send it twice).
      await client.publishAsync(topic, encodePayload(message.content), { qos, retain: false });
    } catch (error) {
      throw new TemporarySendError(
        `MQTT publish failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return [];
  }

  #setSubscribed(subscribed: boolean): void {
    if (this.#subscribed === subscribed) return;
    this.#subscribed = subscribed;
    this.#deps.onReadyChange?.(subscribed);
  }

  #topic(): string {
    return requestTopic(this.#settings.topicPrefix, this.#settings.agentId);
  }

  #subscribe(client: MqttClient, onDone: () => void): void {
    const topic = this.#topic();
    client.subscribe(topic, { qos: this.#settings.qos }, (error, granted) => {
      const refused = granted?.some((g) => g.qos === 128);
      if (error || refused) {
        this.#deps.log.error("MQTT subscribe failed", {
          topic,
          error: error?.message ?? "refused by broker",
        });
      } else {
        this.#setSubscribed(true);
        this.#deps.log.info("subscribed", { topic });
        for (const chat of this.#chats) this.#deps.chatConnected(chat);
      }
      onDone();
    });
  }

  #onMessage(topic: string, payload: Uint8Array): void {
    const { topicPrefix, agentId } = this.#settings;
    const client = clientFromTopic(topicPrefix, agentId, topic);
    if (client === undefined) {
      this.#deps.log.warn("message on an unexpected topic", { topic });
      return;
    }
    const parsed = parsePayload(payload);
    if (!parsed.ok) {
      // The device sent something we cannot read; there is no error channel back, so drop it.
      this.#deps.log.warn("inbound payload dropped", { topic, reason: parsed.reason });
      return;
    }
    const chatId = `mqtt:${client}`;
    this.#remember(chatId);
    const inbound = {
      context: { channel: this.name, chatId, chatType: "direct" as const, senderId: client },
      content: parsed.text,
    };
    this.#deps.publish(inbound).catch((error: unknown) => {
      this.#deps.log.warn("could not publish inbound message", { error });
    });
  }

  #remember(chatId: string): void {
    this.#chats.delete(chatId);
    this.#chats.add(chatId);
    if (this.#chats.size > REMEMBERED_CHATS) {
      const oldest = this.#chats.values().next().value;
      if (oldest !== undefined) this.#chats.delete(oldest);
    }
  }
}

/** MQTT channel against a real mosquitto: round trip, garbage tolerance, broker restart without loss. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import mqtt, { type MqttClient } from "mqtt";
import type { InboundMessage } from "../src/bus/message.ts";
import { createMqttChannel, type MqttChannel } from "../src/channels/mqtt/index.ts";
import { TemporarySendError } from "../src/channels/send-error.ts";
import { createLogger } from "../src/lib/logger.ts";
import { type Mosquitto, startMosquitto } from "./helpers/mosquitto.ts";

let broker: Mosquitto | undefined;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.dispose();
});

/** Resolves when `check` passes after some event; rejects at the deadline. */
function waitable() {
  let wake = () => {};
  return {
    notify: () => wake(),
    async until(check: () => boolean, what: string, ms = 20_000) {
      const deadline = AbortSignal.timeout(ms);
      while (!check()) {
        if (deadline.aborted) throw new Error(`timed out waiting for ${what}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          deadline.addEventListener("abort", () => resolve(), { once: true });
        });
      }
    },
  };
}

/** Starts the channel with an "agent" that answers every request with `echo: <text>`. */
async function startGateway(url: string, qos: 0 | 1) {
  const events = waitable();
  const inbound: InboundMessage[] = [];
  let ready = false;
  const channel: MqttChannel = createMqttChannel(
    { name: "mqtt", settings: { broker: url, agent_id: "assistant", qos } },
    {
      log: createLogger("mqtt-test"),
      onReadyChange: (value) => {
        ready = value;
        events.notify();
      },
      chatConnected: () => {},
      publish: async (message) => {
        inbound.push(message);
        events.notify();
        const reply = {
          context: { channel: "mqtt", chatId: message.context.chatId },
          content: `echo: ${message.content}`,
        };
        await channel.send(reply);
      },
    },
  );
  const controller = new AbortController();
  await channel.start(controller.signal);
  return { channel, inbound, events, isReady: () => ready, stop: () => channel.stop() };
}

/** A device: its own MQTT.js client, collecting response texts. */
async function startDevice(url: string, id: string, options: { clean: boolean; qos: 0 | 1 }) {
  const events = waitable();
  const responses: string[] = [];
  const client: MqttClient = await mqtt.connectAsync(url, {
    clientId: id,
    clean: options.clean,
    reconnectPeriod: 100,
    writeCache: false,
  });
  client.on("message", (_topic, payload) => {
    responses.push(JSON.parse(payload.toString()).text);
    events.notify();
  });
  client.on("connect", () => events.notify());
  client.on("close", () => events.notify());
  client.on("error", () => {});
  await client.subscribeAsync(`/picoclaw/assistant/${id}/response`, { qos: options.qos });
  const ask = (text: string) =>
    client.publish(`/picoclaw/assistant/${id}/request`, JSON.stringify({ text }), { qos: options.qos });
  return { client, responses, events, ask };
}

describe("MQTT channel with a real broker", () => {
  test("answers a request on the device's response topic", async () => {
    if (!broker) return;
    const gateway = await startGateway(broker.url, 0);
    const device = await startDevice(broker.url, "device1", { clean: true, qos: 0 });
    try {
      expect(gateway.channel.clientId).toMatch(/^picoclaw-mqtt-assistant-[0-9a-f]{8}$/);
      device.ask("What is the CPU usage?");
      await device.events.until(() => device.responses.length === 1, "response");
      expect(device.responses).toEqual(["echo: What is the CPU usage?"]);
      expect(gateway.inbound[0]?.context).toEqual({
        channel: "mqtt",
        chatId: "mqtt:device1",
        chatType: "direct",
        senderId: "device1",
      });
    } finally {
      await device.client.endAsync();
      await gateway.stop();
    }
  });

  test("drops garbage and empty payloads and still answers the next valid request", async () => {
    if (!broker) return;
    const gateway = await startGateway(broker.url, 0);
    const device = await startDevice(broker.url, "device2", { clean: true, qos: 0 });
    try {
      const topic = "/picoclaw/assistant/device2/request";
      device.client.publish(topic, "not json {");
      device.client.publish(topic, '{"text":""}');
      device.client.publish(topic, '{"text":42}');
      device.ask("<ok> & fine");
      await device.events.until(() => device.responses.length === 1, "response");
      expect(device.responses).toEqual(["echo: <ok> & fine"]);
      expect(gateway.inbound.map((m) => m.content)).toEqual(["<ok> & fine"]);
    } finally {
      await device.client.endAsync();
      await gateway.stop();
    }
  });

  test("survives a broker restart: resubscribes and answers requests queued during the outage", async () => {
    if (!broker) return;
    const gateway = await startGateway(broker.url, 1);
    const device = await startDevice(broker.url, "device3", { clean: false, qos: 1 });
    try {
      expect(gateway.isReady()).toBe(true);
      device.ask("before");
      await device.events.until(() => device.responses.length === 1, "first response");

      await broker.stop();
      await gateway.events.until(() => !gateway.isReady(), "gateway to notice the outage");
      await device.events.until(() => !device.client.connected, "device to notice the outage");
      const reply = { context: { channel: "mqtt", chatId: "mqtt:device3" }, content: "while down" };
      await expect(gateway.channel.send(reply)).rejects.toBeInstanceOf(TemporarySendError);
      device.ask("during outage");

      await broker.start();
      await gateway.events.until(() => gateway.isReady(), "gateway to resubscribe");
      await device.events.until(() => device.responses.length === 2, "answer to the queued request");
      device.ask("after restart");
      await device.events.until(() => device.responses.length === 3, "answer after restart");
      expect(device.responses).toEqual(["echo: before", "echo: during outage", "echo: after restart"]);
    } finally {
      await device.client.endAsync();
      await gateway.stop();
    }
  }, 40_000);

  test("with QoS 0 and a clean session, subscribes again after a broker restart", async () => {
    if (!broker) return;
    const gateway = await startGateway(broker.url, 0);
    const device = await startDevice(broker.url, "device4", { clean: true, qos: 0 });
    try {
      await broker.stop();
      await gateway.events.until(() => !gateway.isReady(), "gateway to notice the outage");
      await broker.start();
      await gateway.events.until(() => gateway.isReady(), "gateway to resubscribe");
      await device.events.until(() => device.client.connected, "device to reconnect");
      // MQTT.js resubscribes the device on reconnect; wait for that SUBACK before asking.
      await device.client.subscribeAsync("/picoclaw/assistant/device4/response", { qos: 0 });
      device.ask("after restart");
      await device.events.until(() => device.responses.length === 1, "answer after restart");
      expect(device.responses).toEqual(["echo: after restart"]);
    } finally {
      await device.client.endAsync();
      await gateway.stop();
    }
  }, 40_000);
});

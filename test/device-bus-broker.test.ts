/**
 * The device bus against a real mosquitto: "online" then discovery on connect, channel states
 * retained, a non-JSON event kept as text, a clean stop leaving "offline" retained, and nothing
 * connected when no device bus feature is configured.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { MessageBus } from "../src/bus/bus.ts";
import { readMqttSettings } from "../src/channels/mqtt/settings.ts";
import { startDeviceBus, wantsDeviceBus } from "../src/devicebus/start-device-bus.ts";
import { createLogger } from "../src/lib/logger.ts";
import { createToolRegistry } from "../src/tools/registry.ts";
import type { Tool } from "../src/tools/tool.ts";
import { type Mosquitto, startMosquitto } from "./helpers/mosquitto.ts";
import { watchTopics } from "./helpers/topic-watch.ts";

let broker: Mosquitto;
beforeAll(async () => {
  const started = await startMosquitto();
  if (!started) throw new Error("mosquitto is required (apt-get install mosquitto)");
  broker = started;
});
afterAll(() => broker?.dispose());

const echo: Tool = {
  definition: { name: "echo", description: "echoes", parameters: { type: "object", properties: {} } },
  execute: async (args) => ({ content: JSON.stringify(args) }),
};

function open(settings: Record<string, unknown>, bus = new MessageBus()) {
  const controller = new AbortController();
  return startDeviceBus({
    channel: "mqtt",
    settings: readMqttSettings({ broker: broker.url, agent_id: "unit", ...settings }),
    channels: ["mqtt", "pico"],
    bus,
    tools: createToolRegistry([echo]),
    workspace: "/nonexistent",
    version: "0.0.0-test",
    readFile: async () => "",
    log: createLogger("devices-test"),
    signal: controller.signal,
  });
}

test("connect publishes online and discovery; a clean stop leaves offline retained", async () => {
  const watch = await watchTopics(broker.url, ["/picoclaw/unit/#", "ha/#"]);
  const devices = await open({ home_assistant: { enabled: true, discovery_prefix: "ha" } });
  devices.channelState("pico", false);
  devices.channelState("mqtt", true);
  expect((await watch.next("/picoclaw/unit/availability")).payload).toBe("online");
  await watch.next("ha/binary_sensor/unit/gateway/config");
  expect((await watch.next("/picoclaw/unit/channel/pico/state")).payload).toBe("OFF");
  expect((await watch.next("/picoclaw/unit/channel/mqtt/state")).payload).toBe("ON");
  await devices.stop();
  await watch.next("/picoclaw/unit/availability", (m) => m.payload === "offline");
  await watch.close();
  const later = await watchTopics(broker.url, ["/picoclaw/unit/availability"]);
  expect(await later.next("/picoclaw/unit/availability")).toMatchObject({ payload: "offline", retain: true });
  await later.close();
});

test("a text event is kept as a string; tool replies go to the configured reply topic", async () => {
  const bus = new MessageBus();
  const devices = await open(
    { event_topics: ["dev/+/state"], tool_commands: { tools: ["echo"], reply_topic: "out/{tool}" } },
    bus,
  );
  const watch = await watchTopics(broker.url, ["out/#"]);
  await watch.client.publishAsync("dev/door/state", "open", { qos: 1 });
  const inbound = await bus.inbound.take(AbortSignal.timeout(10_000));
  expect(JSON.parse(inbound?.content ?? "")).toEqual({
    event: "mqtt",
    topic: "dev/door/state",
    payload: "open",
  });
  await watch.client.publishAsync("/picoclaw/unit/tool/echo/call", '{"a":1}', { qos: 1 });
  expect(JSON.parse((await watch.next("out/echo")).payload)).toEqual({
    tool: "echo",
    ok: true,
    result: '{"a":1}',
  });
  await devices.stop();
  await watch.close();
});

test("nothing is wanted unless configured", () => {
  expect(wantsDeviceBus(readMqttSettings({ broker: "tcp://x", agent_id: "a" }))).toBe(false);
  expect(wantsDeviceBus(readMqttSettings({ broker: "tcp://x", agent_id: "a", event_topics: ["#"] }))).toBe(
    true,
  );
});

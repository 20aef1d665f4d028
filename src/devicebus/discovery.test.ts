import { expect, test } from "bun:test";
import { discoveryId, discoveryMessages } from "./discovery.ts";

const input = {
  discoveryPrefix: "homeassistant",
  nodeId: "my.node",
  availabilityTopic: "/picoclaw/a/availability",
  version: "1.2.3",
  channels: [{ name: "pico", stateTopic: "/picoclaw/a/channel/pico/state" }],
  tools: [{ name: "read_file", callTopic: "/picoclaw/a/tool/read_file/call" }],
};

test("one retained config per entity under <prefix>/<component>/<node_id>/<object_id>/config", () => {
  const messages = discoveryMessages(input);
  expect(messages.map((m) => m.topic)).toEqual([
    "homeassistant/binary_sensor/my_node/gateway/config",
    "homeassistant/binary_sensor/my_node/channel_pico/config",
    "homeassistant/button/my_node/tool_read_file/config",
  ]);
  const [gateway, channel, button] = messages.map((m) => JSON.parse(m.payload) as Record<string, unknown>);
  const shared = {
    availability_topic: "/picoclaw/a/availability",
    payload_available: "online",
    payload_not_available: "offline",
    device: {
      identifiers: ["picoclaw_my_node"],
      name: "PicoClaw my.node",
      manufacturer: "PicoClaw",
      model: "PicoClaw gateway (Bun)",
      sw_version: "1.2.3",
    },
  };
  expect(gateway).toEqual({
    name: "Gateway",
    device_class: "connectivity",
    state_topic: "/picoclaw/a/availability",
    payload_on: "online",
    payload_off: "offline",
    unique_id: "picoclaw_my_node_gateway",
    ...shared,
  });
  expect(channel).toMatchObject({
    state_topic: "/picoclaw/a/channel/pico/state",
    payload_on: "ON",
    ...shared,
  });
  expect(button).toMatchObject({ command_topic: "/picoclaw/a/tool/read_file/call", payload_press: "{}" });
});

test("ids keep only the characters Home Assistant allows", () => {
  expect(discoveryId("a b/c+#-_9")).toBe("a_b_c__-_9");
});

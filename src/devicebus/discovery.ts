/**
 * Home Assistant MQTT discovery messages, pure: the gateway and each channel as `binary_sensor`
 * connectivity entities, each exposed tool as a `button`, all on one device. Topics follow HA's
 * `<discovery_prefix>/<component>/<node_id>/<object_id>/config`; every entity shares the gateway's
 * availability topic, which the broker sets to "offline" by the connection's last will.
 */

/** A retained message to publish. */
export interface RetainedMessage {
  topic: string;
  payload: string;
}

/** The topics and names discovery describes. */
export interface DiscoveryInput {
  discoveryPrefix: string;
  /** HA node id (only `[a-zA-Z0-9_-]`). */
  nodeId: string;
  availabilityTopic: string;
  version: string;
  /** Channel name -> its state topic ("ON"/"OFF"). */
  channels: ReadonlyArray<{ name: string; stateTopic: string }>;
  /** Tool name -> its call topic. */
  tools: ReadonlyArray<{ name: string; callTopic: string }>;
}

/** The payloads the availability topic carries. */
export const ONLINE = "online";
export const OFFLINE = "offline";

/** HA ids allow letters, digits, `_` and `-`; anything else becomes `_`. */
export function discoveryId(text: string): string {
  return text.replace(/[^a-zA-Z0-9_-]/g, "_");
}

/** One config message per entity. */
export function discoveryMessages(input: DiscoveryInput): RetainedMessage[] {
  const node = discoveryId(input.nodeId);
  const device = {
    identifiers: [`picoclaw_${node}`],
    name: `PicoClaw ${input.nodeId}`,
    manufacturer: "PicoClaw",
    model: "PicoClaw gateway (Bun)",
    sw_version: input.version,
  };
  const common = {
    availability_topic: input.availabilityTopic,
    payload_available: ONLINE,
    payload_not_available: OFFLINE,
    device,
  };
  const entity = (component: string, objectId: string, body: Record<string, unknown>): RetainedMessage => ({
    topic: `${input.discoveryPrefix}/${component}/${node}/${objectId}/config`,
    payload: JSON.stringify({ ...body, unique_id: `picoclaw_${node}_${objectId}`, ...common }),
  });
  return [
    entity("binary_sensor", "gateway", {
      name: "Gateway",
      device_class: "connectivity",
      state_topic: input.availabilityTopic,
      payload_on: ONLINE,
      payload_off: OFFLINE,
    }),
    ...input.channels.map((c) =>
      entity("binary_sensor", `channel_${discoveryId(c.name)}`, {
        name: `Channel ${c.name}`,
        device_class: "connectivity",
        state_topic: c.stateTopic,
        payload_on: "ON",
        payload_off: "OFF",
      }),
    ),
    ...input.tools.map((t) =>
      entity("button", `tool_${discoveryId(t.name)}`, {
        name: `Run ${t.name}`,
        command_topic: t.callTopic,
        payload_press: "{}",
      }),
    ),
  ];
}

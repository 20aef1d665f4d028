/** The `mqtt` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { MQTT_SETTINGS } from "./settings.ts";

export const mqttPlugin = defineChannel({
  type: "mqtt",
  settings: MQTT_SETTINGS,
  required: ["broker", "agent_id"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createMqttChannel(entry, deps)),
});

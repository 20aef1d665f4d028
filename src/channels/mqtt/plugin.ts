/**
 * The `mqtt` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run mqtt never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { MQTT_SETTINGS } from "./settings.ts";

export const mqttPlugin = defineChannel({
  type: "mqtt",
  settings: MQTT_SETTINGS,
  required: ["broker", "agent_id"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createMqttChannel(entry, deps)),
});

/** The `pico` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { PICO_SETTINGS } from "./settings.ts";

export const picoPlugin = defineChannel({
  type: "pico",
  settings: PICO_SETTINGS,
  required: ["token"],
  singleton: true,
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createPicoChannel(entry, deps)),
});

/**
 * The `pico` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run pico never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { PICO_SETTINGS } from "./settings.ts";

export const picoPlugin = defineChannel({
  type: "pico",
  settings: PICO_SETTINGS,
  required: ["token"],
  singleton: true,
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createPicoChannel(entry, deps)),
});

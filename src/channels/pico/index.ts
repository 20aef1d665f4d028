/** Pico channel factory, in the shape the channel registry expects, and the helpers tests and vectors use. */
import { defineChannel } from "../channel-plugin.ts";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { PicoChannel } from "./pico.ts";
import { PICO_SETTINGS, readPicoSettings } from "./settings.ts";

export { PicoChannel } from "./pico.ts";
export { formatFrame, parseFrame, picoMediaUrl } from "./protocol.ts";
export { readPicoSettings } from "./settings.ts";

/** Creates the Pico channel; throws when the token is empty (the channel refuses to run unauthenticated). */
export function createPicoChannel(entry: ChannelEntry, deps: ChannelFactoryDeps): PicoChannel {
  return new PicoChannel(entry.name, readPicoSettings(entry.settings), deps);
}

/** The `pico` channel type: settings schema, required keys and factory, registered in channels/builtin.ts. */
export const picoPlugin = defineChannel({
  type: "pico",
  settings: PICO_SETTINGS,
  required: ["token"],
  singleton: true,
  create: createPicoChannel,
});

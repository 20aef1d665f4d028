/** Pico channel factory (plugin.ts loads it when an enabled entry needs it) and the helpers tests and vectors use. */
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { PicoChannel } from "./pico.ts";
import { readPicoSettings } from "./settings.ts";

export { PicoChannel } from "./pico.ts";
export { formatFrame, parseFrame, picoMediaUrl } from "./protocol.ts";
export { readPicoSettings } from "./settings.ts";

/** Creates the Pico channel; throws when the token is empty (the channel refuses to run unauthenticated). */
export function createPicoChannel(entry: ChannelEntry, deps: ChannelFactoryDeps): PicoChannel {
  return new PicoChannel(entry.name, readPicoSettings(entry.settings), deps);
}

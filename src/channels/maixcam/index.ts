/** MaixCam channel factory, in the shape the channel registry expects. */

import type { Logger } from "../../lib/logger.ts";
import { createLogger } from "../../lib/logger.ts";
import type { Platform } from "../../platform/platform.ts";
import type { ChannelDeps } from "../channel.ts";
import { defineChannel } from "../channel-plugin.ts";
import { MaixcamChannel } from "./maixcam.ts";
import { MAIXCAM_SETTINGS, readMaixcamSettings } from "./settings.ts";

export { MAIXCAM_CHAT_ID, MAIXCAM_WS_PATH, MaixcamChannel } from "./maixcam.ts";

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/** Creates the MaixCam channel from its config entry; nothing listens until `start`. */
export function createMaixcamChannel(
  entry: { name: string; settings?: unknown },
  deps: ChannelDeps & { platform: Platform; log?: Logger; now?: () => number },
): MaixcamChannel {
  return new MaixcamChannel(entry.name, readMaixcamSettings(entry.settings), {
    ...deps,
    log: deps.log ?? createLogger(entry.name),
  });
}

/** The `maixcam` channel type: settings schema, required keys and factory, registered in channels/builtin.ts. */
export const maixcamPlugin = defineChannel({
  type: "maixcam",
  settings: MAIXCAM_SETTINGS,
  required: [],
  warnings: (settings) => {
    const host = settings["host"];
    if (typeof host !== "string" || isLoopback(host) || settings["token"]) return [];
    return [`MaixCam listens on ${host} without a token; anyone on the network can talk to the agent`];
  },
  create: createMaixcamChannel,
});

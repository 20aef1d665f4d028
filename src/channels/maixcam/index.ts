/** MaixCam channel factory; plugin.ts loads it when an enabled entry needs it. */

import type { Logger } from "../../lib/logger.ts";
import { createLogger } from "../../lib/logger.ts";
import type { Platform } from "../../platform/platform.ts";
import type { ChannelDeps } from "../channel.ts";
import { MaixcamChannel } from "./maixcam.ts";
import { readMaixcamSettings } from "./settings.ts";

export { MAIXCAM_CHAT_ID, MAIXCAM_WS_PATH, MaixcamChannel } from "./maixcam.ts";

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

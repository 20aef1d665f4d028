/** OneBot v11 channel factory; plugin.ts loads it when an enabled entry needs it. */
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { OneBotChannel, type OneBotChannelParts } from "./onebot.ts";
import { readOneBotSettings } from "./settings.ts";

export { RecentIds } from "../recent-ids.ts";
export { SocketLink, type SocketLinkOptions, type SocketLinkTiming } from "../socket-link.ts";
export { OneBotChannel } from "./onebot.ts";

/** Test and embedding hooks beyond the config entry. */
export interface OneBotFactoryOptions {
  timing?: OneBotChannelParts["timing"];
}

/** Creates the OneBot channel (forward WebSocket client); throws when ws_url is empty. */
export function createOneBotChannel(
  entry: ChannelEntry,
  deps: ChannelFactoryDeps,
  options: OneBotFactoryOptions = {},
): OneBotChannel {
  return new OneBotChannel({
    name: entry.name,
    settings: readOneBotSettings(entry.settings),
    deps,
    allowFrom: entry.allow_from,
    timing: options.timing,
  });
}

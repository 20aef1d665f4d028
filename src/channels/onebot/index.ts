/** OneBot v11 channel factory, in the shape the channel registry expects. */
import { defineChannel } from "../channel-plugin.ts";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { OneBotChannel, type OneBotChannelParts } from "./onebot.ts";
import { ONEBOT_SETTINGS, readOneBotSettings } from "./settings.ts";

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

/** The `onebot` channel type: settings schema, required keys and factory, registered in channels/builtin.ts. */
export const onebotPlugin = defineChannel({
  type: "onebot",
  settings: ONEBOT_SETTINGS,
  required: ["ws_url"],
  create: (entry, deps) => createOneBotChannel(entry, deps),
});

/** Discord channel factory, in the shape the channel registry expects. */
import { defineChannel } from "../channel-plugin.ts";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { DiscordChannel, type DiscordTuning } from "./discord.ts";
import type { SocketFactory } from "./gateway.ts";
import { createDiscordRest } from "./rest.ts";
import { DISCORD_SETTINGS, readDiscordSettings } from "./settings.ts";
import { globalWebSocketFactory } from "./socket.ts";

export { DiscordChannel, type DiscordTuning } from "./discord.ts";

/** Test and embedding hooks beyond the config entry. */
export interface DiscordFactoryOptions extends DiscordTuning {
  fetch?: typeof fetch | undefined;
  connect?: SocketFactory | undefined;
}

/** Creates the Discord channel; throws when the token is empty. */
export function createDiscordChannel(
  entry: ChannelEntry,
  deps: ChannelFactoryDeps,
  options: DiscordFactoryOptions = {},
): DiscordChannel {
  const settings = readDiscordSettings(entry.settings);
  const proxy = settings.proxy || undefined;
  const rest = createDiscordRest({
    token: settings.token,
    baseUrl: settings.baseUrl,
    proxy,
    fetch: options.fetch,
  });
  const connect = options.connect ?? globalWebSocketFactory(proxy);
  return new DiscordChannel({ entry, settings, deps, rest, connect, tuning: options });
}

/** The `discord` channel type: settings schema, required keys and factory, registered in channels/builtin.ts. */
export const discordPlugin = defineChannel({
  type: "discord",
  settings: DISCORD_SETTINGS,
  required: ["token"],
  create: (entry, deps) => createDiscordChannel(entry, deps),
});

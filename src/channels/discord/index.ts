/** Discord channel factory; plugin.ts loads it when an enabled entry needs it. */
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { DiscordChannel, type DiscordTuning } from "./discord.ts";
import type { SocketFactory } from "./gateway.ts";
import { createDiscordRest } from "./rest.ts";
import { readDiscordSettings } from "./settings.ts";
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

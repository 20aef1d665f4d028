/**
 * The built-in channel types, as one static list of plugins (type, settings schema, factory loader). The
 * config validates `channel_list.<name>.settings` with their schemas; the composition root loads the
 * factories of the types its enabled entries use (`loadChannelFactories`), so the manager imports no
 * channel and the gateway never loads the code of a channel it does not run.
 */

import { discordPlugin } from "./discord/plugin.ts";
import { linePlugin } from "./line/plugin.ts";
import { maixcamPlugin } from "./maixcam/plugin.ts";
import { mqttPlugin } from "./mqtt/plugin.ts";
import { onebotPlugin } from "./onebot/plugin.ts";
import { picoPlugin } from "./pico/plugin.ts";
import type { ChannelFactory } from "./registry.ts";
import { slackPlugin } from "./slack/plugin.ts";
import { telegramPlugin } from "./telegram/plugin.ts";
import { whatsappPlugin } from "./whatsapp/plugin.ts";

/** Every channel type this port runs, in a stable order for messages. */
export const BUILTIN_CHANNELS = [
  picoPlugin,
  maixcamPlugin,
  mqttPlugin,
  telegramPlugin,
  discordPlugin,
  slackPlugin,
  linePlugin,
  onebotPlugin,
  whatsappPlugin,
] as const;

/**
 * The factories of the built-in types among `types`, each loaded once. A type that is not built in is left
 * out, so the manager reports it as unknown for the entry that names it.
 */
export async function loadChannelFactories(
  types: Iterable<string>,
): Promise<(readonly [string, ChannelFactory])[]> {
  const wanted = new Set(types);
  const plugins = BUILTIN_CHANNELS.filter((plugin) => wanted.has(plugin.type));
  return Promise.all(plugins.map(async (plugin) => [plugin.type, await plugin.load()] as const));
}

/**
 * The `discord` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run discord never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { DISCORD_SETTINGS } from "./settings.ts";

export const discordPlugin = defineChannel({
  type: "discord",
  settings: DISCORD_SETTINGS,
  required: ["token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createDiscordChannel(entry, deps)),
});

/** The `discord` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { DISCORD_SETTINGS } from "./settings.ts";

export const discordPlugin = defineChannel({
  type: "discord",
  settings: DISCORD_SETTINGS,
  required: ["token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createDiscordChannel(entry, deps)),
});

/** The `telegram` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { TELEGRAM_SETTINGS } from "./settings.ts";

export const telegramPlugin = defineChannel({
  type: "telegram",
  settings: TELEGRAM_SETTINGS,
  required: ["token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createTelegramChannel(entry, deps)),
});

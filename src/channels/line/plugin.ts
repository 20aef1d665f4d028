/** The `line` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { LINE_SETTINGS } from "./settings.ts";

export const linePlugin = defineChannel({
  type: "line",
  settings: LINE_SETTINGS,
  required: ["channel_secret", "channel_access_token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createLineChannel(entry, deps)),
});

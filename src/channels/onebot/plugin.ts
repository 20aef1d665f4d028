/** The `onebot` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { ONEBOT_SETTINGS } from "./settings.ts";

export const onebotPlugin = defineChannel({
  type: "onebot",
  settings: ONEBOT_SETTINGS,
  required: ["ws_url"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createOneBotChannel(entry, deps)),
});

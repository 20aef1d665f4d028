/** The `slack` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { SLACK_SETTINGS } from "./settings.ts";

export const slackPlugin = defineChannel({
  type: "slack",
  settings: SLACK_SETTINGS,
  required: ["bot_token", "app_token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createSlackChannel(entry, deps)),
});

/**
 * The `slack` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run slack never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { SLACK_SETTINGS } from "./settings.ts";

export const slackPlugin = defineChannel({
  type: "slack",
  settings: SLACK_SETTINGS,
  required: ["bot_token", "app_token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createSlackChannel(entry, deps)),
});

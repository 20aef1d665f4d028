/**
 * The `onebot` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run onebot never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { ONEBOT_SETTINGS } from "./settings.ts";

export const onebotPlugin = defineChannel({
  type: "onebot",
  settings: ONEBOT_SETTINGS,
  required: ["ws_url"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createOneBotChannel(entry, deps)),
});

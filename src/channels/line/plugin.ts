/**
 * The `line` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run line never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { LINE_SETTINGS } from "./settings.ts";

export const linePlugin = defineChannel({
  type: "line",
  settings: LINE_SETTINGS,
  required: ["channel_secret", "channel_access_token"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createLineChannel(entry, deps)),
});

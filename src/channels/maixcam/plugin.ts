/**
 * The `maixcam` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run maixcam never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { MAIXCAM_SETTINGS } from "./settings.ts";

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

export const maixcamPlugin = defineChannel({
  type: "maixcam",
  settings: MAIXCAM_SETTINGS,
  required: [],
  warnings: (settings) => {
    const host = settings["host"];
    if (typeof host !== "string" || isLoopback(host) || settings["token"]) return [];
    return [`MaixCam listens on ${host} without a token; anyone on the network can talk to the agent`];
  },
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createMaixcamChannel(entry, deps)),
});

/** The `maixcam` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
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

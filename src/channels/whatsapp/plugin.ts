/** The `whatsapp` channel type: its settings, required keys and a loader for its factory (see channel-plugin.ts). */
import { defineChannel } from "../channel-plugin.ts";
import { WHATSAPP_SETTINGS } from "./settings.ts";

export const whatsappPlugin = defineChannel({
  type: "whatsapp",
  settings: WHATSAPP_SETTINGS,
  required: ["bridge_url"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createWhatsAppChannel(entry, deps)),
});

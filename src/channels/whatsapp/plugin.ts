/**
 * The `whatsapp` channel type as the config and the registry see it: settings schema, required keys, and a loader
 * for the factory. The implementation is imported only when an enabled entry needs it, so a gateway that
 * does not run whatsapp never loads (or, compiled with --splitting, even maps) its code.
 */
import { defineChannel } from "../channel-plugin.ts";
import { WHATSAPP_SETTINGS } from "./settings.ts";

export const whatsappPlugin = defineChannel({
  type: "whatsapp",
  settings: WHATSAPP_SETTINGS,
  required: ["bridge_url"],
  load: () => import("./index.ts").then((m) => (entry, deps) => m.createWhatsAppChannel(entry, deps)),
});

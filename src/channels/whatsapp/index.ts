/** WhatsApp bridge channel factory; plugin.ts loads it when an enabled entry needs it. */
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import type { SocketLinkTiming } from "../socket-link.ts";
import { readWhatsAppSettings } from "./settings.ts";
import { WhatsAppChannel } from "./whatsapp.ts";

export { WHATSAPP_MAX_MESSAGE_LENGTH, WhatsAppChannel } from "./whatsapp.ts";

/** Test and embedding hooks beyond the config entry. */
export interface WhatsAppFactoryOptions {
  timing?: SocketLinkTiming | undefined;
}

/** Creates the WhatsApp channel (client of PicoClaw's bridge); throws when bridge_url is empty. */
export function createWhatsAppChannel(
  entry: ChannelEntry,
  deps: ChannelFactoryDeps,
  options: WhatsAppFactoryOptions = {},
): WhatsAppChannel {
  return new WhatsAppChannel({
    name: entry.name,
    settings: readWhatsAppSettings(entry.settings),
    deps,
    timing: options.timing,
  });
}

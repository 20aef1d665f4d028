/** WhatsApp bridge channel settings: the schema (`channel_list.<name>.settings`) and the parsed shape. */

import { bool, str } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Schema entries of `channel_list.<name>.settings` for type `whatsapp`. */
export const WHATSAPP_SETTINGS = {
  bridge_url: str("ws://localhost:3001"),
  use_native: bool(false),
  session_store_path: str(),
};

/** Parsed WhatsApp settings. */
export interface WhatsAppSettings {
  bridgeUrl: string;
  /** Go's whatsmeow build; not available in this port (the bridge is always used). */
  useNative: boolean;
}

/** Reads settings; throws when bridge_url is empty. */
export function readWhatsAppSettings(raw: unknown): WhatsAppSettings {
  const s = parseSettings(WHATSAPP_SETTINGS, raw);
  const bridgeUrl = s.bridge_url.trim();
  if (bridgeUrl === "") throw new Error("whatsapp bridge_url is required (settings.bridge_url)");
  return { bridgeUrl, useNative: s.use_native };
}

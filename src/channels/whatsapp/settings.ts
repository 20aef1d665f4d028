/** WhatsApp bridge channel settings (`channel_list.<name>.settings`) as the config loader validated them. */

/** Parsed WhatsApp settings. */
export interface WhatsAppSettings {
  bridgeUrl: string;
  /** Go's whatsmeow build; not available in this port (the bridge is always used). */
  useNative: boolean;
}

/** Reads settings; throws when bridge_url is empty. */
export function readWhatsAppSettings(raw: unknown): WhatsAppSettings {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const bridgeUrl = typeof r["bridge_url"] === "string" ? r["bridge_url"].trim() : "";
  if (bridgeUrl === "") throw new Error("whatsapp bridge_url is required (settings.bridge_url)");
  return { bridgeUrl, useNative: r["use_native"] === true };
}

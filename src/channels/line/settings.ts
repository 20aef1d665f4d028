/** LINE channel settings (`channel_list.<name>.settings`) as the config loader validated them. */

/** Parsed LINE settings. */
export interface LineSettings {
  channelSecret: string;
  channelAccessToken: string;
  /** Messaging API root; empty = https://api.line.me (content downloads then use api-data.line.me). */
  baseUrl: string;
  /** Webhook path on the gateway's HTTP server. */
  webhookPath: string;
}

/** Reads settings; throws when the secret or the access token is missing. */
export function readLineSettings(raw: unknown): LineSettings {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (key: string) => (typeof r[key] === "string" ? r[key].trim() : "");
  const path = str("webhook_path") || "/webhook/line";
  const settings = {
    channelSecret: str("channel_secret"),
    channelAccessToken: str("channel_access_token"),
    baseUrl: str("base_url"),
    webhookPath: path.startsWith("/") ? path : `/${path}`,
  };
  if (settings.channelSecret === "" || settings.channelAccessToken === "")
    throw new Error("line channel_secret and channel_access_token are required");
  return settings;
}

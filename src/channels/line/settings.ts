/** LINE channel settings: the schema (`channel_list.<name>.settings`) and the parsed shape the channel uses. */

import { int, str } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

const WEBHOOK_PATH = "/webhook/line";

/** Schema entries of `channel_list.<name>.settings` for type `line`. */
export const LINE_SETTINGS = {
  channel_secret: str(),
  channel_access_token: str(),
  base_url: str(),
  webhook_host: str(),
  webhook_port: int(0, 0, 65535),
  webhook_path: str(WEBHOOK_PATH),
};

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
  const s = parseSettings(LINE_SETTINGS, raw);
  const path = s.webhook_path.trim() || WEBHOOK_PATH;
  const settings = {
    channelSecret: s.channel_secret.trim(),
    channelAccessToken: s.channel_access_token.trim(),
    baseUrl: s.base_url.trim(),
    webhookPath: path.startsWith("/") ? path : `/${path}`,
  };
  if (settings.channelSecret === "" || settings.channelAccessToken === "")
    throw new Error("line channel_secret and channel_access_token are required");
  return settings;
}

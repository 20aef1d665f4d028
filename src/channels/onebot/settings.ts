/** OneBot channel settings: the schema (`channel_list.<name>.settings`) and the parsed shape the channel uses. */

import { int, str, strList } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Schema entries of `channel_list.<name>.settings` for type `onebot`. */
export const ONEBOT_SETTINGS = {
  ws_url: str("ws://127.0.0.1:3001"),
  access_token: str(),
  reconnect_interval: int(5, 0),
  group_trigger_prefix: strList(),
  /** Hosts, IPs or CIDRs that inbound media URLs may name although they are private (SSRF guard). */
  media_host_whitelist: strList(),
};

/** Parsed OneBot settings. */
export interface OneBotSettings {
  wsUrl: string;
  accessToken: string;
  /** Seconds; the link never redials faster than max(this, 5 s). */
  reconnectInterval: number;
  /** Legacy group prefixes (before group_trigger existed): a message starting with one is answered. */
  groupTriggerPrefix: string[];
  /**
   * Hosts, IPs or CIDRs that media URLs may resolve to although private or loopback (`media_host_whitelist`,
   * like web_fetch's `private_host_whitelist`); default none, so a sender cannot aim us at the LAN.
   */
  mediaHostWhitelist: string[];
}

/** Reads settings; throws when ws_url is empty. */
export function readOneBotSettings(raw: unknown): OneBotSettings {
  const s = parseSettings(ONEBOT_SETTINGS, raw);
  const wsUrl = s.ws_url.trim();
  if (wsUrl === "") throw new Error("onebot ws_url is required (settings.ws_url)");
  const nonEmpty = (list: readonly string[]) => list.filter((p) => p.trim() !== "");
  return {
    wsUrl,
    accessToken: s.access_token.trim(),
    reconnectInterval: s.reconnect_interval,
    groupTriggerPrefix: nonEmpty(s.group_trigger_prefix),
    mediaHostWhitelist: nonEmpty(s.media_host_whitelist).map((h) => h.trim()),
  };
}

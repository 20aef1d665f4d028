/** OneBot channel settings (`channel_list.<name>.settings`) as the config loader validated them. */

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
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (key: string) => (typeof r[key] === "string" ? r[key].trim() : "");
  const wsUrl = str("ws_url");
  if (wsUrl === "") throw new Error("onebot ws_url is required (settings.ws_url)");
  const list = (key: string) =>
    (Array.isArray(r[key]) ? r[key] : []).filter(
      (p): p is string => typeof p === "string" && p.trim() !== "",
    );
  return {
    wsUrl,
    accessToken: str("access_token"),
    reconnectInterval: typeof r["reconnect_interval"] === "number" ? r["reconnect_interval"] : 5,
    groupTriggerPrefix: list("group_trigger_prefix"),
    mediaHostWhitelist: list("media_host_whitelist").map((h) => h.trim()),
  };
}

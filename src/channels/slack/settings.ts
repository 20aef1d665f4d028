/** Slack channel settings (`channel_list.<name>.settings`) as the config loader validated them. */

/** Parsed Slack settings. */
export interface SlackSettings {
  /** Bot token `xoxb-…` for the Web API. */
  botToken: string;
  /** App-level token `xapp-…` for apps.connections.open (Socket Mode). */
  appToken: string;
  /** Web API root; empty = https://slack.com/api. */
  baseUrl: string;
}

/** Reads settings; throws when a token is missing (the config check reports it first). */
export function readSlackSettings(raw: unknown): SlackSettings {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (key: string) => (typeof r[key] === "string" ? r[key].trim() : "");
  const settings = { botToken: str("bot_token"), appToken: str("app_token"), baseUrl: str("base_url") };
  if (settings.botToken === "" || settings.appToken === "")
    throw new Error("slack bot_token and app_token are required (settings.bot_token, settings.app_token)");
  return settings;
}

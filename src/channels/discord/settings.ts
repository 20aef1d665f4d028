/** Discord channel settings (`channel_list.<name>.settings`) as the config loader validated them. */

/** Parsed Discord settings. */
export interface DiscordSettings {
  token: string;
  /** REST root; empty = https://discord.com/api/v10. The gateway URL comes from GET /gateway/bot on it. */
  baseUrl: string;
  proxy: string;
  /** Guild messages must mention the bot (legacy switch; group_trigger.mention_only does the same). */
  mentionOnly: boolean;
}

/** Reads settings; throws when the token is empty. A leading "Bot " is tolerated. */
export function readDiscordSettings(raw: unknown): DiscordSettings {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (key: string) => (typeof r[key] === "string" ? r[key].trim() : "");
  const token = str("token").replace(/^Bot\s+/i, "");
  if (token === "") throw new Error("discord token is required (settings.token)");
  return { token, baseUrl: str("base_url"), proxy: str("proxy"), mentionOnly: r["mention_only"] === true };
}

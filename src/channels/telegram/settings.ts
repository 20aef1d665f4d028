/** Telegram channel settings (`channel_list.<name>.settings`) as the config loader validated them. */

/** Parsed Telegram settings. */
export interface TelegramSettings {
  token: string;
  /** Bot API root; empty = api.telegram.org. Tests and local Bot API servers set it. */
  baseUrl: string;
  proxy: string;
  useMarkdownV2: boolean;
}

/** Reads settings; throws when the token is empty (the config check reports it first). */
export function readTelegramSettings(raw: unknown): TelegramSettings {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (key: string) => (typeof r[key] === "string" ? r[key].trim() : "");
  const token = str("token");
  if (token === "") throw new Error("telegram token is required (settings.token)");
  return {
    token,
    baseUrl: str("base_url"),
    proxy: str("proxy"),
    useMarkdownV2: r["use_markdown_v2"] === true,
  };
}

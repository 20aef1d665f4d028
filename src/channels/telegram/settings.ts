/** Telegram channel settings: the schema (`channel_list.<name>.settings`) and the parsed shape the channel uses. */

import { bool, int, section, str } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Schema entries of `channel_list.<name>.settings` for type `telegram`. */
export const TELEGRAM_SETTINGS = {
  token: str(),
  base_url: str(),
  proxy: str(),
  use_markdown_v2: bool(false),
  media_group_delay_ms: int(500, 0),
  streaming: section({
    enabled: bool(false),
    throttle_seconds: int(0, 0),
    min_growth_chars: int(1, 0),
  }),
};

/** Parsed Telegram settings. */
export interface TelegramSettings {
  token: string;
  /** Bot API root; empty = api.telegram.org. Tests and local Bot API servers set it. */
  baseUrl: string;
  proxy: string;
  useMarkdownV2: boolean;
  /** `streaming`: show replies while they are written by editing one message (off by default). */
  streaming: { enabled: boolean; throttleMs: number; minGrowthChars: number };
}

/** Reads settings; throws when the token is empty (the config check reports it first). */
export function readTelegramSettings(raw: unknown): TelegramSettings {
  const s = parseSettings(TELEGRAM_SETTINGS, raw);
  const token = s.token.trim();
  if (token === "") throw new Error("telegram token is required (settings.token)");
  return {
    token,
    baseUrl: s.base_url.trim(),
    proxy: s.proxy.trim(),
    useMarkdownV2: s.use_markdown_v2,
    streaming: {
      enabled: s.streaming.enabled,
      throttleMs: s.streaming.throttle_seconds * 1000,
      minGrowthChars: s.streaming.min_growth_chars,
    },
  };
}

/** Discord channel settings: the schema (`channel_list.<name>.settings`) and the parsed shape the channel uses. */

import { bool, str } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Schema entries of `channel_list.<name>.settings` for type `discord`. */
export const DISCORD_SETTINGS = {
  token: str(),
  base_url: str(),
  proxy: str(),
  mention_only: bool(false),
};

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
  const s = parseSettings(DISCORD_SETTINGS, raw);
  const token = s.token.trim().replace(/^Bot\s+/i, "");
  if (token === "") throw new Error("discord token is required (settings.token)");
  return { token, baseUrl: s.base_url.trim(), proxy: s.proxy.trim(), mentionOnly: s.mention_only };
}

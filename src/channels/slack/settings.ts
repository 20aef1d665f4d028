/** Slack channel settings: the schema (`channel_list.<name>.settings`) and the parsed shape the channel uses. */

import { str } from "../../lib/schema-fields.ts";
import { parseSettings } from "../channel-plugin.ts";

/** Schema entries of `channel_list.<name>.settings` for type `slack`. */
export const SLACK_SETTINGS = {
  bot_token: str(),
  app_token: str(),
  base_url: str(),
};

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
  const s = parseSettings(SLACK_SETTINGS, raw);
  const settings = { botToken: s.bot_token.trim(), appToken: s.app_token.trim(), baseUrl: s.base_url.trim() };
  if (settings.botToken === "" || settings.appToken === "")
    throw new Error("slack bot_token and app_token are required (settings.bot_token, settings.app_token)");
  return settings;
}

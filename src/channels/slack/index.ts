/** Slack channel factory, in the shape the channel registry expects. */
import { defineChannel } from "../channel-plugin.ts";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import type { SocketLinkTiming } from "../socket-link.ts";
import { readSlackSettings, SLACK_SETTINGS } from "./settings.ts";
import { SlackChannel } from "./slack.ts";
import { createSlackWebApi } from "./web-api.ts";

export { SLACK_MAX_MESSAGE_LENGTH, SlackChannel } from "./slack.ts";

/** Test and embedding hooks beyond the config entry. */
export interface SlackFactoryOptions {
  fetch?: typeof fetch | undefined;
  timing?: SocketLinkTiming | undefined;
}

/** Creates the Slack channel (Socket Mode); throws when bot_token or app_token is empty. */
export function createSlackChannel(
  entry: ChannelEntry,
  deps: ChannelFactoryDeps,
  options: SlackFactoryOptions = {},
): SlackChannel {
  const settings = readSlackSettings(entry.settings);
  const api = createSlackWebApi({ ...settings, fetch: options.fetch });
  return new SlackChannel({
    name: entry.name,
    api,
    deps,
    allowFrom: entry.allow_from,
    timing: options.timing,
  });
}

/** The `slack` channel type: settings schema, required keys and factory, registered in channels/builtin.ts. */
export const slackPlugin = defineChannel({
  type: "slack",
  settings: SLACK_SETTINGS,
  required: ["bot_token", "app_token"],
  create: (entry, deps) => createSlackChannel(entry, deps),
});

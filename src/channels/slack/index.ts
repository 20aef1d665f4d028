/** Slack channel factory; plugin.ts loads it when an enabled entry needs it. */
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import type { SocketLinkTiming } from "../socket-link.ts";
import { readSlackSettings } from "./settings.ts";
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

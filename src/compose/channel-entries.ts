/** Turns `channel_list` into the manager's channel entries (enabled ones only, settings as validated). */
import type { ChannelEntry } from "../channels/registry.ts";
import type { Config } from "../config/index.ts";

/** The enabled channels of a config, in the manager's shape. */
export function channelEntries(config: Config): ChannelEntry[] {
  const entries: ChannelEntry[] = [];
  for (const [name, channel] of Object.entries(config.channel_list)) {
    if (!channel.enabled) continue;
    entries.push({
      name,
      type: channel.type,
      enabled: true,
      settings: channel.settings,
      allow_from: channel.allow_from ?? [],
      rate_limit: channel.rate_limit,
      group_trigger: channel.group_trigger ?? {},
      typing: { enabled: channel.typing?.enabled ?? false },
      placeholder: { enabled: channel.placeholder?.enabled ?? false, text: channel.placeholder?.text },
    });
  }
  return entries;
}

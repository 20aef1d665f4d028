/** Telegram channel factory; plugin.ts loads it when an enabled entry needs it. */

import { join } from "node:path";
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { createTelegramApi } from "./api.ts";
import { createOffsetStore } from "./offset-store.ts";
import { readTelegramSettings } from "./settings.ts";
import { TelegramChannel, type TelegramTuning } from "./telegram.ts";

export { CONFLICT_MESSAGE } from "./poller.ts";
export { TelegramChannel, type TelegramTuning } from "./telegram.ts";

/** Test and embedding hooks beyond the config entry. */
export interface TelegramFactoryOptions extends TelegramTuning {
  fetch?: typeof fetch | undefined;
}

/**
 * Creates the Telegram channel; throws when the token is empty. The poll offset lives in
 * `<dataDir>/channels/<name>/telegram-offset.json`.
 */
export function createTelegramChannel(
  entry: ChannelEntry,
  deps: ChannelFactoryDeps,
  options: TelegramFactoryOptions = {},
): TelegramChannel {
  const settings = readTelegramSettings(entry.settings);
  const api = createTelegramApi({
    token: settings.token,
    baseUrl: settings.baseUrl,
    proxy: settings.proxy || undefined,
    fetch: options.fetch,
  });
  const offsets = createOffsetStore(join(deps.dataDir, "channels", entry.name, "telegram-offset.json"));
  return new TelegramChannel({ entry, settings, deps, api, offsets, tuning: options });
}

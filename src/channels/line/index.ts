/** LINE channel factory; plugin.ts loads it when an enabled entry needs it. */
import type { ChannelEntry, ChannelFactoryDeps } from "../registry.ts";
import { createLineApi } from "./api.ts";
import { LineChannel, type LineTuning } from "./line.ts";
import { readLineSettings } from "./settings.ts";

export { LINE_MAX_MESSAGE_LENGTH, LineChannel, type LineTuning } from "./line.ts";
export { signLineBody, verifyLineSignature } from "./signature.ts";

/** Test and embedding hooks beyond the config entry. */
export interface LineFactoryOptions extends LineTuning {
  fetch?: typeof fetch | undefined;
}

/** Creates the LINE channel (webhook on the gateway server); throws when the secret or token is empty. */
export function createLineChannel(
  entry: ChannelEntry,
  deps: ChannelFactoryDeps,
  options: LineFactoryOptions = {},
): LineChannel {
  const settings = readLineSettings(entry.settings);
  const api = createLineApi({
    token: settings.channelAccessToken,
    baseUrl: settings.baseUrl,
    fetch: options.fetch,
  });
  return new LineChannel({
    name: entry.name,
    secret: settings.channelSecret,
    webhookPath: settings.webhookPath,
    api,
    deps,
    tuning: options,
  });
}

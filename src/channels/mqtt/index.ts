/** MQTT channel factory; plugin.ts loads it when an enabled entry needs it. Importing it does not load `mqtt`. */

import { readFile } from "node:fs/promises";
import type { Logger } from "../../lib/logger.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChannelDeps } from "../channel.ts";
import { MqttChannel } from "./mqtt.ts";
import { readMqttSettings } from "./settings.ts";

export { MqttChannel } from "./mqtt.ts";

/** Creates the MQTT channel from its config entry; throws when broker or agent_id is missing. */
export function createMqttChannel(
  entry: { name: string; settings?: unknown },
  deps: ChannelDeps & {
    log?: Logger;
    connectTimeoutMs?: number;
    onReadyChange?: (ready: boolean) => void;
  },
): MqttChannel {
  return new MqttChannel(entry.name, readMqttSettings(entry.settings), {
    ...deps,
    log: deps.log ?? createLogger(entry.name),
    readFile: (path) => readFile(path, "utf8"),
  });
}

/**
 * The built-in channel types, as one static list: the composition root registers them, so
 * `bun build --compile` bundles every channel while the manager itself imports none of them.
 */

import { createMaixcamChannel } from "../channels/maixcam/index.ts";
import { createMqttChannel } from "../channels/mqtt/index.ts";
import { createPicoChannel } from "../channels/pico/index.ts";
import type { ChannelFactory } from "../channels/registry.ts";

/** [type, factory] pairs for createChannelRegistry. */
export const BUILTIN_CHANNELS: readonly (readonly [string, ChannelFactory])[] = [
  ["pico", createPicoChannel],
  ["maixcam", createMaixcamChannel],
  ["mqtt", createMqttChannel],
];

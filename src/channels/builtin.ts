/**
 * The built-in channel types, as one static list: the composition root registers them, so
 * `bun build --compile` bundles every channel while the manager itself imports none of them.
 */

import { createDiscordChannel } from "./discord/index.ts";
import { createLineChannel } from "./line/index.ts";
import { createMaixcamChannel } from "./maixcam/index.ts";
import { createMqttChannel } from "./mqtt/index.ts";
import { createOneBotChannel } from "./onebot/index.ts";
import { createPicoChannel } from "./pico/index.ts";
import type { ChannelFactory } from "./registry.ts";
import { createSlackChannel } from "./slack/index.ts";
import { createTelegramChannel } from "./telegram/index.ts";
import { createWhatsAppChannel } from "./whatsapp/index.ts";

/** [type, factory] pairs for createChannelRegistry. */
export const BUILTIN_CHANNELS: readonly (readonly [string, ChannelFactory])[] = [
  ["pico", createPicoChannel],
  ["maixcam", createMaixcamChannel],
  ["mqtt", createMqttChannel],
  ["telegram", (entry, deps) => createTelegramChannel(entry, deps)],
  ["discord", (entry, deps) => createDiscordChannel(entry, deps)],
  ["slack", (entry, deps) => createSlackChannel(entry, deps)],
  ["line", (entry, deps) => createLineChannel(entry, deps)],
  ["onebot", (entry, deps) => createOneBotChannel(entry, deps)],
  ["whatsapp", (entry, deps) => createWhatsAppChannel(entry, deps)],
];

/**
 * The built-in channel types, as one static list of plugins ([type, settings schema, factory] each). The
 * composition root registers their factories and the config validates `channel_list.<name>.settings` with
 * their schemas, so `bun build --compile` bundles every channel while the manager itself imports none.
 */
import { discordPlugin } from "./discord/index.ts";
import { linePlugin } from "./line/index.ts";
import { maixcamPlugin } from "./maixcam/index.ts";
import { mqttPlugin } from "./mqtt/index.ts";
import { onebotPlugin } from "./onebot/index.ts";
import { picoPlugin } from "./pico/index.ts";
import { slackPlugin } from "./slack/index.ts";
import { telegramPlugin } from "./telegram/index.ts";
import { whatsappPlugin } from "./whatsapp/index.ts";

/** Every channel type this port runs, in a stable order for messages. */
export const BUILTIN_CHANNELS = [
  picoPlugin,
  maixcamPlugin,
  mqttPlugin,
  telegramPlugin,
  discordPlugin,
  slackPlugin,
  linePlugin,
  onebotPlugin,
  whatsappPlugin,
] as const;

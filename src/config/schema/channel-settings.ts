/**
 * `channel_list.<name>.settings`, taken from the channel plugins (channels/builtin.ts): each channel folder
 * defines its settings schema once. The tables double as the list of env overrides
 * (PICOCLAW_CHANNELS_<TYPE>_<FIELD>) and of "did you mean to put it under settings?" hints, so a field added
 * to a channel's settings.ts is wired everywhere.
 */
import type * as v from "valibot";
import { BUILTIN_CHANNELS } from "../../channels/builtin.ts";

type Plugins = (typeof BUILTIN_CHANNELS)[number];

/** A channel type this port can run. */
export type SupportedChannelType = Plugins["type"];

/** Settings entries per supported channel type. */
export const CHANNEL_SETTINGS = Object.fromEntries(BUILTIN_CHANNELS.map((p) => [p.type, p.settings])) as {
  readonly [P in Plugins as P["type"]]: P["settings"];
} satisfies Record<string, v.ObjectEntries>;

/** Channel types this port runs, in a stable order for messages. */
export const SUPPORTED_CHANNEL_TYPES: SupportedChannelType[] = BUILTIN_CHANNELS.map((p) => p.type);

/** Types PicoClaw (Go) knows but this port does not run: accepted, never started. */
export const GO_ONLY_CHANNEL_TYPES = [
  "pico_client",
  "feishu",
  "weixin",
  "wecom",
  "dingtalk",
  "matrix",
  "qq",
  "irc",
  "vk",
  "whatsapp_native",
  "teams_webhook",
  "slack_webhook",
] as const;

/** Settings that must be non-empty strings while the channel is enabled. */
export const REQUIRED_WHEN_ENABLED: Record<SupportedChannelType, readonly string[]> = Object.fromEntries(
  BUILTIN_CHANNELS.map((p) => [p.type, p.required]),
) as Record<SupportedChannelType, readonly string[]>;

/** Per-type warnings about an enabled entry's raw settings (e.g. MaixCam on the network without a token). */
export const CHANNEL_WARNINGS: Partial<
  Record<SupportedChannelType, (settings: Readonly<Record<string, unknown>>) => readonly string[]>
> = Object.fromEntries(
  BUILTIN_CHANNELS.flatMap((p) => ("warnings" in p && p.warnings ? [[p.type, p.warnings]] : [])),
);

/** Types of which at most one instance may be enabled (Go: singleton registry; pico_client is Go's only). */
export const SINGLETON_CHANNEL_TYPES: readonly string[] = [
  ...BUILTIN_CHANNELS.filter((p) => "singleton" in p && p.singleton === true).map((p) => p.type),
  "pico_client",
];

/** True when `type` is a channel type this port runs. */
export function isSupportedChannelType(type: string): type is SupportedChannelType {
  return Object.hasOwn(CHANNEL_SETTINGS, type);
}

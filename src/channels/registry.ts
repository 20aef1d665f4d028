/**
 * Channel registry: channel type → factory. The manager builds channels only through it, so it never
 * imports a concrete channel; the composition root registers the built-in types.
 */
import type { Logger } from "../lib/logger.ts";
import type { MediaStore } from "../media/store.ts";
import type { Platform } from "../platform/platform.ts";
import type { Channel, ChannelDeps } from "./channel.ts";
import type { GroupTrigger } from "./group-trigger.ts";

/** One configured channel (`channel_list.<name>`), with `settings` already validated by the config. */
export interface ChannelEntry {
  name: string;
  type: string;
  enabled?: boolean | undefined;
  settings: unknown;
  allow_from: readonly string[];
  /** Outbound messages per second; undefined = the type's default (rate-limit.ts), 0 = unlimited. */
  rate_limit?: number | undefined;
  group_trigger: GroupTrigger;
  typing: { enabled: boolean };
  /** `text` is one string or a list to pick from at random; default "Thinking...". */
  placeholder: { enabled: boolean; text?: string | readonly string[] | undefined };
}

/** What a factory receives besides its entry. */
export interface ChannelFactoryDeps extends ChannelDeps {
  platform: Platform;
  log: Logger;
  /** The gateway's data folder (`~/.picoclaw` or `$PICOCLAW_HOME`). */
  dataDir: string;
  /** The gateway's media store, for channels that receive or serve files. */
  media?: MediaStore | undefined;
  /** `agents.defaults.max_media_size`: the most bytes one inbound file may have (channels default to 20 MB). */
  maxMediaBytes?: number | undefined;
  /** The gateway's slash commands, for channels with a command menu (Telegram's setMyCommands). */
  commands?: readonly BotCommand[] | undefined;
}

/** One slash command as a menu shows it: the name without "/" and a one-line description. */
export interface BotCommand {
  name: string;
  description: string;
}

/** Builds a channel; must not open sockets or start timers (that is `start`'s job). */
export type ChannelFactory = (entry: ChannelEntry, deps: ChannelFactoryDeps) => Channel;

/** A typed map of channel types to factories. */
export interface ChannelRegistry {
  register(type: string, factory: ChannelFactory): void;
  get(type: string): ChannelFactory | undefined;
  types(): string[];
}

/** Creates a registry, optionally pre-filled. Registering a type twice is a programming error. */
export function createChannelRegistry(
  initial: Iterable<readonly [string, ChannelFactory]> = [],
): ChannelRegistry {
  const factories = new Map<string, ChannelFactory>();
  const registry: ChannelRegistry = {
    register(type, factory) {
      if (factories.has(type)) throw new Error(`channel type "${type}" is already registered`);
      factories.set(type, factory);
    },
    get: (type) => factories.get(type),
    types: () => [...factories.keys()].sort(),
  };
  for (const [type, factory] of initial) registry.register(type, factory);
  return registry;
}

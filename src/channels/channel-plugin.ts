/**
 * A channel type as one value: its name, the valibot entries of its `settings` (the one definition, used
 * by `config check`, env overrides, "put it under settings" hints and the channel itself) and a loader for
 * its factory. Plugins live in each channel's plugin.ts, which imports only the settings: the gateway loads
 * the code of the types its config enables and no other (with --splitting, 0.4–0.5 MB less idle VmRSS for
 * a Pico + MaixCam gateway).
 */
import * as v from "valibot";
import type { ChannelFactory } from "./registry.ts";

/** One built-in channel type, registered once in builtin.ts. */
export interface ChannelPlugin<T extends string = string, E extends v.ObjectEntries = v.ObjectEntries> {
  readonly type: T;
  /** Entries of `channel_list.<name>.settings`; every entry has a default. */
  readonly settings: E;
  /** Settings that must be non-empty strings while the channel is enabled. */
  readonly required: readonly string[];
  /** At most one instance may be enabled (Go: singleton registry). */
  readonly singleton?: boolean | undefined;
  /**
   * Warnings about an enabled entry's raw settings (read defensively: they run even when the schema
   * failed), each shown by `config check` after `channel_list.<name>: `.
   */
  readonly warnings?: ((settings: Readonly<Record<string, unknown>>) => readonly string[]) | undefined;
  /** Imports the channel's implementation and returns its factory. */
  readonly load: () => Promise<ChannelFactory>;
}

/** Types a plugin literal, keeping its type name and settings entries for the config schema. */
export function defineChannel<const T extends string, const E extends v.ObjectEntries>(
  plugin: ChannelPlugin<T, E>,
): ChannelPlugin<T, E> {
  return plugin;
}

/**
 * Reads `settings` with its schema: defaults fill absent keys. The config loader validated them already, so
 * a failure here is a programming error (a test or caller passing settings the config would refuse).
 */
export function parseSettings<const E extends v.ObjectEntries>(
  entries: E,
  raw: unknown,
): v.InferOutput<v.ObjectSchema<E, undefined>> {
  return v.parse(v.object(entries), raw ?? {});
}

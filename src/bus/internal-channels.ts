/**
 * Channels that live inside the process (cli, system, subagent): the one definition. Their replies are
 * returned to the caller, never sent out, and their turns count as internal (exec and cron allowed).
 * The match is exact, as PicoClaw's constants.IsInternalChannel: a configured channel named "CLI" stays remote.
 */

/** Names of the in-process channels. */
export const INTERNAL_CHANNELS: ReadonlySet<string> = new Set(["cli", "system", "subagent"]);

/** True for cli, system and subagent. */
export function isInternalChannel(channel: string): boolean {
  return INTERNAL_CHANNELS.has(channel);
}

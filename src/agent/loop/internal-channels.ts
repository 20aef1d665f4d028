/** Channels that live inside the process: their replies are returned to the caller, never sent out. */

const INTERNAL = new Set(["cli", "system", "subagent"]);

/** True for cli, system and subagent. */
export function isInternalChannel(channel: string): boolean {
  return INTERNAL.has(channel.trim().toLowerCase());
}

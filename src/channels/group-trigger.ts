/**
 * Group-chat trigger policy (PicoClaw's ShouldRespondInGroup). The channel detects and strips the
 * mention first; this decides. Order: a mention always wins, then `mention_only`, then prefixes,
 * and with nothing configured the bot answers everything.
 */

/** The `group_trigger` block of a channel's config. */
export interface GroupTrigger {
  mention_only?: boolean | undefined;
  prefixes?: readonly string[] | undefined;
}

/** The decision, with the content to hand to the agent (trimmed, prefix removed). */
export interface GroupDecision {
  respond: boolean;
  /** Trimmed when responding; exactly the input when ignoring. */
  content: string;
}

/** Decides whether a group message should reach the agent. */
export function shouldRespondInGroup(
  trigger: GroupTrigger | undefined,
  mentioned: boolean,
  content: string,
): GroupDecision {
  if (mentioned) return { respond: true, content: content.trim() };
  if (trigger?.mention_only) return { respond: false, content };
  const prefixes = trigger?.prefixes ?? [];
  if (prefixes.length === 0) return { respond: true, content: content.trim() };
  for (const prefix of prefixes) {
    if (prefix !== "" && content.startsWith(prefix)) {
      return { respond: true, content: content.slice(prefix.length).trim() };
    }
  }
  return { respond: false, content };
}

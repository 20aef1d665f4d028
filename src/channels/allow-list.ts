/**
 * Inbound allow-list checks (PicoClaw's BaseChannel.IsAllowed / IsAllowedSender). An empty list
 * admits everyone, which the caller logs once at startup as a SECURITY warning; `*` admits everyone
 * on purpose.
 */
import type { SenderInfo } from "../bus/message.ts";
import { matchAllowed } from "../identity/match-allowed.ts";

/**
 * True when the list has no entries (or only empty strings), so the channel is open by default.
 * This is the case to log as a SECURITY warning at startup; `["*"]` is the explicit, silent opt-in.
 */
export function isOpenByDefault(allowFrom: readonly string[] | undefined): boolean {
  return meaningful(allowFrom).length === 0;
}

/** True when the list admits every sender: open by default, or an explicit `*` entry. */
export function allowsEveryone(allowFrom: readonly string[] | undefined): boolean {
  const entries = meaningful(allowFrom);
  return entries.length === 0 || entries.includes("*");
}

/**
 * Legacy check on a plain sender id, used when a channel has no SenderInfo. Either side may be a
 * compound `id|username`, and an entry may carry a leading `@`.
 */
export function isAllowed(allowFrom: readonly string[] | undefined, senderId: string): boolean {
  const entries = meaningful(allowFrom);
  if (entries.length === 0) return true;
  const senderBar = senderId.indexOf("|");
  const idPart = senderBar > 0 ? senderId.slice(0, senderBar) : senderId;
  const userPart = senderBar > 0 ? senderId.slice(senderBar + 1) : "";

  return entries.some((entry) => {
    if (entry === "*") return true;
    const bare = entry.startsWith("@") ? entry.slice(1) : entry;
    const entryBar = bare.indexOf("|");
    const entryId = entryBar > 0 ? bare.slice(0, entryBar) : bare;
    const entryUser = entryBar > 0 ? bare.slice(entryBar + 1) : "";
    const senderSide = [senderId, idPart];
    if (senderSide.includes(entry) || senderSide.includes(bare) || idPart === entryId) return true;
    if (entryUser !== "" && senderId === entryUser) return true;
    return userPart !== "" && (userPart === entry || userPart === bare || userPart === entryUser);
  });
}

/** Structured check: any `*` entry, or any entry that `matchAllowed` accepts. */
export function isAllowedSender(allowFrom: readonly string[] | undefined, sender: SenderInfo): boolean {
  const entries = meaningful(allowFrom);
  if (entries.length === 0) return true;
  return entries.some((entry) => entry === "*" || matchAllowed(sender, entry));
}

/**
 * Drops empty entries, so `[""]` means "no list" as in PicoClaw's NewBaseChannel. Whitespace-only
 * entries stay: they match nobody, so `["  "]` denies everyone rather than opening the channel.
 */
function meaningful(allowFrom: readonly string[] | undefined): readonly string[] {
  if (!allowFrom) return [];
  return allowFrom.includes("") ? allowFrom.filter((entry) => entry !== "") : allowFrom;
}

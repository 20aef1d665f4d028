/**
 * Matches one allow-list entry against a structured sender. Entry forms: `123` (platform id),
 * `@alice` (username; the only way to match one), `123|alice` (either part) and `platform:id`
 * (canonical, unless the part before the colon is numeric, as in compound Telegram ids).
 */
import type { SenderInfo } from "../bus/message.ts";
import { buildCanonicalId, parseCanonicalId } from "./canonical-id.ts";

/** True for ASCII digits with at most one leading minus (Telegram group ids such as -100123). */
export function isNumericId(value: string): boolean {
  return /^-?[0-9]+$/.test(value);
}

/** True when `entry` admits `sender`. Blank entries never match. */
export function matchAllowed(sender: SenderInfo, entry: string): boolean {
  const allowed = entry.trim();
  if (allowed === "") return false;

  const canonical = parseCanonicalId(allowed);
  if (canonical && !isNumericId(canonical.platform)) {
    const candidate = buildCanonicalId(canonical.platform, canonical.id);
    if (candidate !== "" && sender.canonicalId) {
      return sender.canonicalId.toLowerCase() === candidate.toLowerCase();
    }
    // Without a canonical id on the sender, compare the parts (platform without case).
    return (
      canonical.platform.toLowerCase() === (sender.platform ?? "").toLowerCase() &&
      sender.platformId === canonical.id
    );
  }

  const isAtUsername = allowed.startsWith("@");
  const bare = isAtUsername ? allowed.slice(1) : allowed;
  const bar = bare.indexOf("|");
  const allowedId = bar > 0 ? bare.slice(0, bar) : bare;
  const allowedUser = bar > 0 ? bare.slice(bar + 1) : "";

  if (sender.platformId && sender.platformId === allowedId) return true;
  if (isAtUsername && sender.username && sender.username === bare) return true;
  return allowedUser !== "" && !!sender.username && sender.username === allowedUser;
}

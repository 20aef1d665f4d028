/** Collapses a sender id through `session.identity_links`, so one person is one sender across channels. */

/** The canonical, lowercased id of a sender; "" when there is none. */
export function canonicalSenderId(
  channel: string,
  rawId: string | undefined,
  links: Readonly<Record<string, readonly string[]>> | undefined,
): string {
  const id = (rawId ?? "").trim();
  if (id === "") return "";
  return (linkedName(links, channel, id) ?? id).toLowerCase();
}

function linkedName(
  links: Readonly<Record<string, readonly string[]>> | undefined,
  channel: string,
  id: string,
): string | undefined {
  if (!links) return undefined;
  const raw = id.toLowerCase();
  const candidates = new Set([raw]);
  const ch = channel.trim().toLowerCase();
  if (ch !== "") candidates.add(`${ch}:${raw}`);
  const colon = raw.indexOf(":");
  if (colon > 0 && colon < raw.length - 1) candidates.add(raw.slice(colon + 1));
  for (const [canonical, ids] of Object.entries(links)) {
    const name = canonical.trim();
    if (name === "") continue;
    if (ids.some((other) => candidates.has(other.trim().toLowerCase()))) return name;
  }
  return undefined;
}

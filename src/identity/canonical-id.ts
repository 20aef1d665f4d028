/**
 * Canonical sender ids of the form `platform:id` (PicoClaw's pkg/identity). The platform part is
 * lowercased; the id keeps its case because platforms such as Slack use case-sensitive ids.
 */

/** A canonical id split into its two parts. */
export interface CanonicalId {
  platform: string;
  id: string;
}

/** Builds `platform:id` from trimmed parts; "" when either part is empty. */
export function buildCanonicalId(platform: string, id: string): string {
  const normalPlatform = platform.trim().toLowerCase();
  const normalId = id.trim();
  if (normalPlatform === "" || normalId === "") return "";
  return `${normalPlatform}:${normalId}`;
}

/** Splits a trimmed `platform:id` at its first colon; undefined unless both parts are non-empty. */
export function parseCanonicalId(value: string): CanonicalId | undefined {
  const text = value.trim();
  const colon = text.indexOf(":");
  if (colon <= 0 || colon === text.length - 1) return undefined;
  return { platform: text.slice(0, colon), id: text.slice(colon + 1) };
}

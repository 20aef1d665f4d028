/**
 * Splits agent output on the `<|[SPLIT]|>` marker (config `split_on_marker`) so one reply can go out
 * as several chat messages; each part is then length-split by splitMessage.
 */

/** The literal marker the model writes between messages. */
export const SPLIT_MARKER = "<|[SPLIT]|>";

/**
 * Trimmed, non-empty parts between markers. Empty input gives []; if every part is blank the
 * original content is returned whole, so nothing the model wrote is silently dropped.
 */
export function splitByMarker(content: string): string[] {
  if (content === "") return [];
  const parts = content
    .split(SPLIT_MARKER)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  return parts.length > 0 ? parts : [content];
}

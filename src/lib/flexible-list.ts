/**
 * Go's FlexibleStringSlice in two forms: JSON values (allow_from, placeholder.text) and
 * env-var text ("a,b，c", full-width comma included). Pure functions; the schema wraps them.
 */

/**
 * Reads a JSON value as a list of strings: null → null, a string or number → one item,
 * an array of strings/numbers/booleans → strings. Anything else → undefined (invalid).
 */
export function normaliseFlexibleList(value: unknown): string[] | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [formatNumber(value)];
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === "string") out.push(item);
    else if (typeof item === "number") out.push(formatNumber(item));
    else if (typeof item === "boolean") out.push(String(item));
    else return undefined;
  }
  return out;
}

/** Splits env-var text on "," and "，", trims, drops empties; "" → null (Go leaves the field unset). */
export function parseListText(text: string): string[] | null {
  if (text === "") return null;
  return text
    .replaceAll("，", ",")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

// Go formats numbers with "%.0f": ids never gain a decimal point or exponent.
function formatNumber(n: number): string {
  return Number.isInteger(n) ? BigInt(n).toString() : n.toFixed(0);
}

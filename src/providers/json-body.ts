/**
 * Request bodies with parts that repeat on every call (the tool schemas, ~7 KB, sent with every turn):
 * such a part's JSON is computed once and spliced in. The text is the same as `JSON.stringify(body)`.
 * Contract: a value passed to `reuseJson` is not changed afterwards.
 */
const texts = new WeakMap<object, string>();

/** Marks `value` (not to be changed again) so bodies holding it reuse its JSON; returns it. */
export function reuseJson<T extends object>(value: T): T {
  if (!texts.has(value)) texts.set(value, JSON.stringify(value));
  return value;
}

function knownText(value: unknown): string | undefined {
  return typeof value === "object" && value !== null ? texts.get(value) : undefined;
}

/** `JSON.stringify(body)`, with the JSON of the top-level values marked by `reuseJson` reused. */
export function stringifyBody(body: unknown): string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return JSON.stringify(body);
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!keys.some((key) => knownText(record[key]) !== undefined)) return JSON.stringify(body);
  // One join into a flat string: fetch copies a rope (a lazily concatenated string) before sending it.
  const parts: string[] = [];
  for (const key of keys) {
    const value = record[key];
    const text = knownText(value) ?? JSON.stringify(value);
    // JSON.stringify leaves out members whose value has no JSON (undefined, functions, symbols).
    if (text === undefined) continue;
    parts.push(parts.length === 0 ? "{" : ",", JSON.stringify(key), ":", text);
  }
  parts.push(parts.length === 0 ? "{}" : "}");
  return parts.join("");
}

/**
 * `toWire` memoised per source array, its result marked by `reuseJson`: a tool registry hands out the same
 * definitions array on every turn, so their wire form and JSON are built once per array.
 */
export function reusedPerArray<T>(toWire: (item: T) => unknown): (items: readonly T[]) => readonly unknown[] {
  const built = new WeakMap<readonly T[], readonly unknown[]>();
  return (items) => {
    let wire = built.get(items);
    if (!wire) {
      wire = reuseJson(items.map(toWire));
      built.set(items, wire);
    }
    return wire;
  };
}

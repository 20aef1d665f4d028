/** The vector file's string DSL: a literal, {repeat, times}, or {concat: [...]} (nested). */

export function resolveString(value: unknown): string {
  if (typeof value === "string") return value;
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record["repeat"] === "string" && typeof record["times"] === "number") {
      return record["repeat"].repeat(record["times"]);
    }
    if (Array.isArray(record["concat"])) return record["concat"].map(resolveString).join("");
  }
  throw new Error(`not a vector string: ${JSON.stringify(value)}`);
}

/**
 * Field accounting for conformance cases: every top-level `input` and `expect` field must be read by the
 * adapter, or the case fails naming the fields it left unread. An adapter that cannot map a field (a new
 * option, a new kind of assertion) therefore fails loudly instead of passing without checking it.
 * Nested objects an adapter interprets itself (a step list, a snapshot) are checked by that adapter.
 */
import type { VectorCase, VectorFields } from "./adapter.ts";

export interface TrackedCase {
  /** The case as the adapter sees it: `input` and `expect` record each field read. */
  fields: VectorFields;
  /** `input.x` / `expect.y` for each field the adapter never read. */
  unread(): string[];
}

function track(record: Record<string, unknown>, read: Set<string>): Record<string, unknown> {
  return new Proxy(record, {
    get(target, key, receiver) {
      if (typeof key === "string" && Object.hasOwn(target, key)) read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

export function trackCase(vector: VectorCase): TrackedCase {
  const input = vector.input ?? {};
  const want = vector.expect ?? {};
  const readInput = new Set<string>();
  const readExpect = new Set<string>();
  return {
    fields: { input: track(input, readInput), expect: track(want, readExpect) },
    unread: () => [
      ...Object.keys(input)
        .filter((k) => !readInput.has(k))
        .map((k) => `input.${k}`),
      ...Object.keys(want)
        .filter((k) => !readExpect.has(k))
        .map((k) => `expect.${k}`),
    ],
  };
}

/** The error for a case whose adapter threw or left fields unread; names the unread fields. */
export function unmappedError(group: string, unread: readonly string[]): Error {
  return new Error(
    `conformance adapter for "${group}" cannot map vector field(s) ${unread.join(", ")}: ` +
      "teach the adapter what they mean, or remove them from the case",
  );
}

/** Throws naming the field when a nested object has keys outside `known`. */
export function onlyKnownKeys(where: string, value: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(value).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new Error(`conformance: ${where} has field(s) the adapter cannot map: ${unknown.join(", ")}`);
  }
}

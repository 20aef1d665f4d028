/**
 * Leaf valibot schema builders shared by every config section and every channel settings schema. Each carries a human message
 * ("expected a whole number ≥ 1") so `config check` reads like advice, not like a type dump.
 */
import * as v from "valibot";
import { normaliseFlexibleList } from "./flexible-list.ts";

/** A string; `def` is used when the key is absent. */
export const str = (def = "") => v.optional(v.string("expected a string"), def);

/** A required string that must not be empty (after trimming). */
export const nonEmptyStr = () =>
  v.pipe(
    v.string("expected a non-empty string"),
    v.check((value) => value.trim() !== "", "expected a non-empty string"),
  );

/** A boolean with a default. */
export const bool = (def: boolean) => v.optional(v.boolean("expected true or false"), def);

/** A whole number, optionally bounded, with a default. */
export const int = (def: number, min?: number, max?: number) => v.optional(intValue(min, max), def);

/** A whole number without a default (absent stays undefined). */
export function intValue(min?: number, max?: number) {
  const expects =
    min !== undefined && max !== undefined
      ? `expected a whole number from ${min} to ${max}`
      : min !== undefined
        ? `expected a whole number ≥ ${min}`
        : "expected a whole number";
  return v.pipe(
    v.number(expects),
    v.check(
      (n) => Number.isInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max),
      expects,
    ),
  );
}

/** Any finite number with a default. */
export const num = (def: number) => v.optional(v.number("expected a number"), def);

/** One of a fixed set of strings. */
export const oneOf = <const T extends readonly [string, ...string[]]>(options: T, def: T[number]) =>
  v.optional(v.picklist(options, `expected one of: ${options.join(", ")}`), def);

/** A list of strings (JSON null reads as empty, as Go does for slices). */
export const strList = () =>
  v.optional(
    v.pipe(
      v.nullable(v.array(v.string("expected a string"), "expected a list of strings")),
      v.transform((list) => list ?? []),
    ),
    [],
  );

/**
 * Go's FlexibleStringSlice: null, one string or number, or a mixed list; numbers are written
 * without decimals so Telegram ids typed as numbers still match.
 */
export const flexibleList = () =>
  v.optional(
    v.pipe(
      v.unknown(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const list = normaliseFlexibleList(dataset.value);
        if (list === undefined) {
          addIssue({ message: "expected a string, a number, or a list of strings and numbers" });
          return NEVER;
        }
        return list ?? [];
      }),
    ),
    [],
  );

/** A string-keyed map of strings (headers, env). */
export const strMap = () =>
  v.optional(v.record(v.string(), v.string("expected a string"), "expected an object of strings"), {});

/** Free-form JSON object (extra_body, opaque plugin config). */
export const anyMap = () => v.optional(v.record(v.string(), v.unknown(), "expected an object"), {});

/** An object section with defaults for every field; absent sections get all defaults. */
export function section<const E extends v.ObjectEntries>(entries: E) {
  const schema = v.object(entries, "expected an object");
  // Every entry is optional with a default, so {} is valid input; TS cannot see that for generic E.
  return v.optional(schema, {} as v.InferInput<typeof schema>);
}

/** An object whose unknown keys are tolerated (sections this port does not interpret). */
export const looseSection = () => v.optional(v.looseObject({}, "expected an object"), {});

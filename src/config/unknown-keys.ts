/**
 * Finds keys the schema does not know, at any depth, like Go's decodeJSONWithDiagnostics,
 * but with a hint per key. Valibot's strictObject stops at the first unknown key; this walker
 * reports all of them, and lets sections built with looseObject or records keep free keys.
 */
import * as v from "valibot";
import { type ConfigIssue, formatPath } from "./issues.ts";
import { CHANNEL_SETTINGS, isSupportedChannelType } from "./schema/channel-settings.ts";

type Schema = v.GenericSchema;
type Path = (string | number)[];

/** Lists every unknown key in `value` against `schema`, with a hint when one is obvious. */
export function findUnknownKeys(schema: Schema, value: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  walk(schema, value, [], issues);
  return issues;
}

function walk(schema: Schema, value: unknown, path: Path, issues: ConfigIssue[]): void {
  const s = unwrap(schema);
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (s.type !== "array") return;
    const item = prop(s, "item");
    if (item) for (const [index, element] of value.entries()) walk(item, element, [...path, index], issues);
    return;
  }
  const record = value as Record<string, unknown>;
  if (s.type === "record") {
    const item = prop(s, "value");
    if (item) for (const [key, child] of Object.entries(record)) walk(item, child, [...path, key], issues);
    return;
  }
  if (s.type === "variant" || s.type === "union") {
    const options = (s as unknown as { options: Schema[] }).options;
    const match = options.find((option) => matchesDiscriminator(option, record));
    if (match) walk(match, value, path, issues);
    return;
  }
  if (s.type !== "object" && s.type !== "loose_object") return;
  const entries = (s as unknown as { entries: Record<string, Schema> }).entries;
  for (const [key, child] of Object.entries(record)) {
    const entry = entries[key];
    if (entry) walk(entry, child, [...path, key], issues);
    else if (s.type === "object") {
      issues.push({
        path: formatPath([...path, key]),
        message: hintFor(path, key, record, Object.keys(entries)),
      });
    }
  }
}

// Optional, nullable and pipes wrap the schema that has the shape we walk.
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    const wrapped = prop(s, "wrapped");
    if (!wrapped) return s;
    s = wrapped;
  }
}

function prop(schema: Schema, name: "wrapped" | "item" | "value"): Schema | undefined {
  const candidate = (schema as unknown as Record<string, unknown>)[name];
  return candidate && typeof candidate === "object" && "~run" in candidate
    ? (candidate as Schema)
    : undefined;
}

// A union/variant option applies when it is an object whose `type` entry (if any) accepts the value.
function matchesDiscriminator(option: Schema, value: Record<string, unknown>): boolean {
  const s = unwrap(option);
  if (s.type !== "object" && s.type !== "loose_object") return false;
  const discriminator = (s as unknown as { entries: Record<string, Schema> }).entries["type"];
  return discriminator === undefined || v.is(discriminator, value["type"]);
}

function hintFor(parent: Path, key: string, container: Record<string, unknown>, known: string[]): string {
  const where = formatPath(parent);
  if (parent.length === 2 && parent[0] === "channel_list") {
    const type = typeof container["type"] === "string" ? container["type"] : "";
    if (isSupportedChannelType(type) ? Object.hasOwn(CHANNEL_SETTINGS[type], key) : type !== "") {
      return `unknown key; did you mean to put it under settings? (channel_list.${String(parent[1])}.settings.${key})`;
    }
  }
  if (where === "agents.defaults" && key === "model") {
    return 'unknown key; config version 3 calls it "model_name"';
  }
  if (where === "" && key === "channels") return 'unknown key; config version 3 calls it "channel_list"';
  if (where === "" && key === "providers")
    return 'unknown key; config version 3 lists models under "model_list"';
  const near = known.find((candidate) => editDistance(candidate, key) <= 2);
  return near ? `unknown key; did you mean "${near}"?` : "unknown key";
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

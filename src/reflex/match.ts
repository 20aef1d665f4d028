/**
 * Reflex matching, pure: does a device event fire a trigger (topic filters from lib/topic-filter.ts),
 * payload matches, and `{name}` placeholders in action texts.
 */
import type { ReflexTrigger } from "../config/schema/reflex.ts";
import { topicMatches } from "../lib/topic-filter.ts";

/** An event a reflex rule can react to. */
export type ReflexEvent =
  | { kind: "maixcam"; className: string; score: number }
  | { kind: "mqtt"; topic: string; payload: string }
  | { kind: "cron"; ruleIndex: number };

/** True when `event` fires `trigger` (rule `ruleIndex`'s own cron tick for cron triggers). */
export function matchesTrigger(trigger: ReflexTrigger, event: ReflexEvent, ruleIndex: number): boolean {
  switch (trigger.type) {
    case "maixcam":
      return (
        event.kind === "maixcam" &&
        (trigger.class === "" || trigger.class === event.className) &&
        event.score >= trigger.min_score
      );
    case "mqtt":
      return (
        event.kind === "mqtt" &&
        topicMatches(trigger.topic, event.topic) &&
        (trigger.payload === undefined || payloadMatches(trigger.payload, event.payload))
      );
    case "cron":
      return event.kind === "cron" && event.ruleIndex === ruleIndex;
    default:
      return trigger satisfies never;
  }
}

/** A payload condition from the config (all given parts must hold). */
export interface PayloadMatch {
  equals?: string | undefined;
  contains?: string | undefined;
  field?: string | undefined;
  op: "eq" | "ne" | "gt" | "gte" | "lt" | "lte";
  value?: string | number | boolean | undefined;
}

/** True when the payload text satisfies every part of `match`. */
export function payloadMatches(match: PayloadMatch, payload: string): boolean {
  if (match.equals !== undefined && payload !== match.equals) return false;
  if (match.contains !== undefined && !payload.includes(match.contains)) return false;
  if (match.field === undefined) return true;
  const actual = jsonField(payload, match.field);
  if (actual === undefined) return false;
  return compare(actual, match.op, match.value);
}

/** The value at a dotted path of a JSON payload, or undefined when not JSON or absent. */
export function jsonField(payload: string, path: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function compare(actual: unknown, op: PayloadMatch["op"], expected: PayloadMatch["value"]): boolean {
  if (op === "eq") return expected === undefined ? actual !== null : actual === expected;
  if (op === "ne") return actual !== expected;
  if (typeof actual !== "number" || typeof expected !== "number") return false;
  if (op === "gt") return actual > expected;
  if (op === "gte") return actual >= expected;
  if (op === "lt") return actual < expected;
  return actual <= expected;
}

/** The placeholders an event offers to action texts, payloads and tool arguments. */
export function eventFacts(event: ReflexEvent, rule: string): Record<string, string> {
  const facts: Record<string, string> = { rule, time: new Date().toISOString() };
  if (event.kind === "maixcam") Object.assign(facts, { class: event.className, score: String(event.score) });
  if (event.kind === "mqtt") Object.assign(facts, { topic: event.topic, payload: event.payload });
  return facts;
}

/** Replaces `{name}` with the fact of that name; unknown names stay as written. */
export function fillTemplate(text: string, facts: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => facts[name] ?? whole);
}

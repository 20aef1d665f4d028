import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { reflexRuleSchema } from "../config/schema/reflex.ts";
import { fillTemplate, jsonField, matchesTrigger, payloadMatches } from "./match.ts";

const trigger = (raw: unknown) =>
  v.parse(reflexRuleSchema, { trigger: raw, action: { type: "tool", tool: "t" } }).trigger;

describe("payloadMatches", () => {
  const op = "eq" as const;
  test("exact, substring and JSON field comparisons", () => {
    expect(payloadMatches({ op, equals: "ON" }, "ON")).toBe(true);
    expect(payloadMatches({ op, equals: "ON" }, "ON ")).toBe(false);
    expect(payloadMatches({ op, contains: "open" }, "door opened")).toBe(true);
    expect(payloadMatches({ op, field: "state", value: "open" }, '{"state":"open"}')).toBe(true);
    expect(payloadMatches({ op: "gt", field: "t.c", value: 30 }, '{"t":{"c":31.5}}')).toBe(true);
    expect(payloadMatches({ op: "gt", field: "t.c", value: 30 }, '{"t":{"c":29}}')).toBe(false);
    expect(payloadMatches({ op: "lte", field: "n", value: 3 }, '{"n":3}')).toBe(true);
    expect(payloadMatches({ op: "ne", field: "n", value: 3 }, '{"n":4}')).toBe(true);
    expect(payloadMatches({ op: "gt", field: "n", value: 3 }, '{"n":"9"}')).toBe(false);
    expect(payloadMatches({ op, field: "n" }, '{"n":0}')).toBe(true);
    expect(payloadMatches({ op, field: "n" }, "not json")).toBe(false);
  });
  test("jsonField walks dotted paths and stops at non-objects", () => {
    expect(jsonField('{"a":{"b":[1]}}', "a.b")).toEqual([1]);
    expect(jsonField('{"a":1}', "a.b")).toBeUndefined();
  });
});

describe("matchesTrigger", () => {
  test("MaixCam detections by class and minimum score", () => {
    const person = trigger({ type: "maixcam", class: "person", min_score: 0.8 });
    expect(matchesTrigger(person, { kind: "maixcam", className: "person", score: 0.8 }, 0)).toBe(true);
    expect(matchesTrigger(person, { kind: "maixcam", className: "person", score: 0.79 }, 0)).toBe(false);
    expect(matchesTrigger(person, { kind: "maixcam", className: "cat", score: 0.99 }, 0)).toBe(false);
    const any = trigger({ type: "maixcam" });
    expect(matchesTrigger(any, { kind: "maixcam", className: "cat", score: 0 }, 0)).toBe(true);
    expect(matchesTrigger(any, { kind: "mqtt", topic: "t", payload: "" }, 0)).toBe(false);
  });
  test("MQTT topic with a payload condition, and cron ticks of the rule itself", () => {
    const mqtt = trigger({ type: "mqtt", topic: "d/+/door", payload: { field: "open", value: true } });
    expect(matchesTrigger(mqtt, { kind: "mqtt", topic: "d/1/door", payload: '{"open":true}' }, 0)).toBe(true);
    expect(matchesTrigger(mqtt, { kind: "mqtt", topic: "d/1/door", payload: '{"open":false}' }, 0)).toBe(
      false,
    );
    const cron = trigger({ type: "cron", expr: "* * * * *" });
    expect(matchesTrigger(cron, { kind: "cron", ruleIndex: 2 }, 2)).toBe(true);
    expect(matchesTrigger(cron, { kind: "cron", ruleIndex: 1 }, 2)).toBe(false);
  });
});

test("fillTemplate replaces known placeholders and keeps the rest", () => {
  expect(fillTemplate("{class} at {score} {nope}", { class: "person", score: "0.9" })).toBe(
    "person at 0.9 {nope}",
  );
});

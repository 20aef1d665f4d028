import { describe, expect, test } from "bun:test";
import { billingCooldownMs, createCooldownTracker, standardCooldownMs } from "./cooldown.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("cooldown", () => {
  test("standard steps are 1m, 5m, 25m, then 1h", () => {
    expect([1, 2, 3, 4, 9].map(standardCooldownMs)).toEqual([MIN, 5 * MIN, 25 * MIN, HOUR, HOUR]);
  });

  test("billing steps are 5h, 10h, 20h, then 24h", () => {
    expect([1, 2, 3, 4].map(billingCooldownMs)).toEqual([5 * HOUR, 10 * HOUR, 20 * HOUR, 24 * HOUR]);
  });

  test("a billing failure disables for hours, a success clears it", () => {
    let now = 1_000;
    const tracker = createCooldownTracker(() => now);
    tracker.markFailure("k", "billing");
    now += 4 * HOUR;
    expect(tracker.isAvailable("k")).toBe(false);
    expect(tracker.remainingMs("k")).toBe(HOUR);
    tracker.markSuccess("k");
    expect(tracker.isAvailable("k")).toBe(true);
    expect(tracker.errorCount("k")).toBe(0);
  });

  test("counters restart after 24h without failures", () => {
    let now = 1_000;
    const tracker = createCooldownTracker(() => now);
    tracker.markFailure("k", "timeout");
    tracker.markFailure("k", "timeout");
    expect(tracker.errorCount("k")).toBe(2);
    now += 25 * HOUR;
    tracker.markFailure("k", "timeout");
    expect(tracker.errorCount("k")).toBe(1);
    expect(tracker.remainingMs("k")).toBe(MIN);
  });

  test("keys are independent", () => {
    const tracker = createCooldownTracker(() => 5);
    tracker.markFailure("a", "rate_limit");
    expect(tracker.isAvailable("a")).toBe(false);
    expect(tracker.isAvailable("b")).toBe(true);
  });
});

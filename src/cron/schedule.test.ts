import { describe, expect, test } from "bun:test";
import { parseCronExpr } from "./cron-expr.ts";
import { type CronSchedule, nextRun } from "./schedule.ts";

const iso = (text: string) => Date.parse(text);
const cron = (expr: string, tz = "UTC"): CronSchedule => ({ kind: "cron", expr, tz });
const next = (schedule: CronSchedule, after: string) => {
  const ms = nextRun(schedule, iso(after));
  return ms === undefined ? undefined : new Date(ms).toISOString();
};

describe("nextRun at/every", () => {
  test("an at schedule fires once, only in the future", () => {
    expect(nextRun({ kind: "at", atMs: 5000 }, 1000)).toBe(5000);
    expect(nextRun({ kind: "at", atMs: 5000 }, 5000)).toBeUndefined();
  });

  test("an every schedule adds its interval; zero never fires", () => {
    expect(nextRun({ kind: "every", everyMs: 60_000 }, 1000)).toBe(61_000);
    expect(nextRun({ kind: "every", everyMs: 0 }, 1000)).toBeUndefined();
  });
});

describe("nextRun cron", () => {
  test("daily at 09:00 UTC", () => {
    expect(next(cron("0 9 * * *"), "2025-01-01T10:00:00Z")).toBe("2025-01-02T09:00:00.000Z");
    expect(next(cron("0 9 * * *"), "2025-01-01T08:59:59.500Z")).toBe("2025-01-01T09:00:00.000Z");
  });

  test("reads the wall clock of the given zone", () => {
    expect(next(cron("0 9 * * *", "Asia/Tokyo"), "2025-01-01T10:00:00Z")).toBe("2025-01-02T00:00:00.000Z");
    expect(next(cron("0 9 * * *", "Asia/Kathmandu"), "2025-01-01T00:00:00Z")).toBe(
      "2025-01-01T03:15:00.000Z",
    );
  });

  test("weekday names and ranges", () => {
    // 2025-01-04 is a Saturday.
    expect(next(cron("0 9 * * MON-FRI"), "2025-01-04T00:00:00Z")).toBe("2025-01-06T09:00:00.000Z");
    expect(next(cron("0 12 1 jul,Aug *"), "2025-01-04T00:00:00Z")).toBe("2025-07-01T12:00:00.000Z");
    expect(next(cron("0 0 * * 7"), "2025-01-04T00:00:00Z")).toBe("2025-01-05T00:00:00.000Z");
  });

  test("steps, lists and @tags", () => {
    expect(next(cron("*/20 * * * *"), "2025-01-01T10:21:00Z")).toBe("2025-01-01T10:40:00.000Z");
    expect(next(cron("5,50 10-12/2 * * *"), "2025-01-01T10:51:00Z")).toBe("2025-01-01T12:05:00.000Z");
    expect(next(cron("@hourly"), "2025-01-01T10:20:00Z")).toBe("2025-01-01T11:00:00.000Z");
    expect(next(cron("@weekly"), "2025-01-01T10:20:00Z")).toBe("2025-01-05T00:00:00.000Z");
  });

  test("six fields put seconds first; a four-digit sixth field is a year", () => {
    expect(next(cron("*/15 * * * * *"), "2025-01-01T10:00:00.500Z")).toBe("2025-01-01T10:00:15.000Z");
    expect(next(cron("0 0 1 1 * 2027"), "2026-09-02T00:00:00Z")).toBe("2027-01-01T00:00:00.000Z");
    expect(next(cron("0 0 1 1 * 2025"), "2026-09-02T00:00:00Z")).toBeUndefined();
  });

  test("L, W and # like gronx", () => {
    expect(next(cron("0 0 L * *"), "2026-09-02T00:00:00Z")).toBe("2026-09-30T00:00:00.000Z");
    expect(next(cron("0 0 * * 5#3"), "2026-09-02T00:00:00Z")).toBe("2026-09-18T00:00:00.000Z");
    expect(next(cron("0 0 * * 5L"), "2026-09-02T00:00:00Z")).toBe("2026-09-25T00:00:00.000Z");
    // 2026-11-15 is a Sunday: the nearest weekday is Monday the 16th.
    expect(next(cron("0 0 15W * *"), "2026-11-01T00:00:00Z")).toBe("2026-11-16T00:00:00.000Z");
  });

  test("rare dates: the 31st and 29 February", () => {
    expect(next(cron("0 0 31 * *"), "2026-09-02T00:00:00Z")).toBe("2026-10-31T00:00:00.000Z");
    expect(next(cron("0 0 29 2 *"), "2025-01-01T00:00:00Z")).toBe("2028-02-29T00:00:00.000Z");
    expect(next(cron("0 0 30 2 *"), "2025-01-01T00:00:00Z")).toBeUndefined();
  });

  test("a time skipped by the spring DST jump waits for the next day", () => {
    // New York skips 02:00-03:00 on 2025-03-09.
    expect(next(cron("30 2 * * *", "America/New_York"), "2025-03-09T05:00:00Z")).toBe(
      "2025-03-10T06:30:00.000Z",
    );
  });

  test("a time repeated when DST ends runs once", () => {
    const schedule = cron("30 1 * * *", "America/New_York");
    const first = next(schedule, "2025-11-02T00:00:00Z");
    expect(first).toBe("2025-11-02T05:30:00.000Z");
    expect(next(schedule, first ?? "")).toBe("2025-11-03T06:30:00.000Z");
  });

  test("bad expressions and unknown zones never fire", () => {
    expect(nextRun(cron("61 * * * *"), 0)).toBeUndefined();
    expect(nextRun(cron("0 9 * * *", "Mars/Olympus"), 0)).toBeUndefined();
  });
});

describe("parseCronExpr", () => {
  test("reports what is wrong", () => {
    const result = parseCronExpr("* * *");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("5 to 7 fields");
    const range = parseCronExpr("0 25 * * *");
    expect(range.ok ? "" : range.error).toContain("out of range");
  });
});

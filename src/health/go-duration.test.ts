import { describe, expect, test } from "bun:test";
import { formatGoDuration } from "./go-duration.ts";

describe("formatGoDuration", () => {
  test("matches Go's Duration.String() for each unit range", () => {
    const cases: [number, string][] = [
      [0, "0s"],
      [0.000001, "1ns"],
      [0.0011, "1.1µs"],
      [1, "1ms"],
      [1.5, "1.5ms"],
      [999.999999, "999.999999ms"],
      [1000, "1s"],
      [1500, "1.5s"],
      [60_000, "1m0s"],
      [61_001, "1m1.001s"],
      [3_600_000, "1h0m0s"],
      [3_723_456, "1h2m3.456s"],
      [100 * 3_600_000 + 5, "100h0m0.005s"],
      [-1500, "-1.5s"],
    ];
    for (const [ms, text] of cases) expect([ms, formatGoDuration(ms)]).toEqual([ms, text]);
  });

  test("stays exact past 2^53 nanoseconds (about 104 days)", () => {
    const ms = 200 * 24 * 3_600_000 + 1;
    expect(formatGoDuration(ms)).toBe("4800h0m0.001s");
  });
});

/** Nearest-rank percentiles as the benchmark reports them. */
import { describe, expect, test } from "bun:test";
import { median, percentile } from "./stats.ts";

describe("percentile", () => {
  test("uses the nearest rank, whatever the input order", () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(percentile(values, 99)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(99);
  });

  test("is NaN for no samples", () => {
    expect(median([])).toBeNaN();
  });
});

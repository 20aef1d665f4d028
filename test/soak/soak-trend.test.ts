/** Slope and intervals of soak memory samples. */
import { describe, expect, test } from "bun:test";
import { intervals, slopePerHour } from "./soak-trend.ts";

const sample = (t: number, rssKb: number, anonKb = rssKb / 2) => ({
  t,
  rssKb,
  hwmKb: rssKb + 1000,
  anonKb,
  cgroupBytes: 0,
});

describe("slopePerHour", () => {
  test("a line rising 1 kB per second is 3600 kB/h, even with noise around it", () => {
    const points = Array.from({ length: 60 }, (_, i) => ({
      t: i * 15,
      value: 30_000 + i * 15 + (i % 2 ? 50 : -50),
    }));
    expect(slopePerHour(points)).toBeCloseTo(3600, -2);
  });

  test("flat samples have slope 0; too few points give 0", () => {
    expect(slopePerHour([10, 20, 30].map((t) => ({ t, value: 5 })))).toBe(0);
    expect(slopePerHour([{ t: 1, value: 5 }])).toBe(0);
  });
});

describe("intervals", () => {
  test("groups samples by interval with mean, max and the last VmHWM; the end sample is left out", () => {
    const got = intervals([sample(0, 100), sample(200, 300), sample(310, 500), sample(-1, 999)], 300);
    expect(got).toEqual([
      {
        fromS: 0,
        toS: 300,
        samples: 2,
        rssMeanKb: 200,
        rssMaxKb: 300,
        anonMeanKb: 100,
        anonMaxKb: 150,
        hwmKb: 1300,
      },
      {
        fromS: 300,
        toS: 600,
        samples: 1,
        rssMeanKb: 500,
        rssMaxKb: 500,
        anonMeanKb: 250,
        anonMaxKb: 250,
        hwmKb: 1500,
      },
    ]);
  });
});

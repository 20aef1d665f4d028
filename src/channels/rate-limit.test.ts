import { describe, expect, test } from "bun:test";
import { channelRate, createTokenBucket, rateLimitFor } from "./rate-limit.ts";

describe("rateLimitFor", () => {
  test("uses PicoClaw's per-type rates with burst ceil(rate/2)", () => {
    expect(rateLimitFor("telegram")).toEqual({ perSecond: 20, burst: 10 });
    expect(rateLimitFor("discord")).toEqual({ perSecond: 1, burst: 1 });
    expect(rateLimitFor("qq")).toEqual({ perSecond: 5, burst: 3 });
    expect(rateLimitFor("feishu")).toEqual({ perSecond: 10, burst: 5 });
  });

  test("local device links are not throttled (0 = unlimited)", async () => {
    for (const type of ["pico", "maixcam", "mqtt"]) expect(rateLimitFor(type).perSecond).toBe(0);
    const sleeps: number[] = [];
    const bucket = createTokenBucket(
      rateLimitFor("pico"),
      () => 0,
      async (ms) => void sleeps.push(ms),
    );
    for (let i = 0; i < 100; i++) await bucket.take();
    expect(sleeps).toEqual([]);
  });

  test("a configured override wins", () => {
    expect(rateLimitFor("telegram", { telegram: 4 })).toEqual({ perSecond: 4, burst: 2 });
  });
});
describe("channelRate", () => {
  test("a channel's own rate_limit wins over the overrides and the table; 0 means unlimited", () => {
    expect(channelRate({ type: "telegram" })).toEqual({ perSecond: 20, burst: 10 });
    expect(channelRate({ type: "telegram" }, { telegram: 4 })).toEqual({ perSecond: 4, burst: 2 });
    expect(channelRate({ type: "telegram", rate_limit: 2 }, { telegram: 4 })).toEqual({
      perSecond: 2,
      burst: 1,
    });
    expect(channelRate({ type: "telegram", rate_limit: 0 }).perSecond).toBe(0);
  });
});

describe("createTokenBucket", () => {
  test("allows a burst, then waits for tokens at the configured rate", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const bucket = createTokenBucket(
      { perSecond: 2, burst: 1 },
      () => clock,
      async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    );
    await bucket.take();
    expect(sleeps).toEqual([]);
    await bucket.take();
    await bucket.take();
    expect(sleeps).toEqual([500, 500]);
    expect(clock).toBe(1000);
  });

  test("refills while idle up to the burst only", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const bucket = createTokenBucket(
      { perSecond: 10, burst: 2 },
      () => clock,
      async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    );
    clock = 60_000;
    await bucket.take();
    await bucket.take();
    expect(sleeps).toEqual([]);
    await bucket.take();
    expect(sleeps).toEqual([100]);
  });
});

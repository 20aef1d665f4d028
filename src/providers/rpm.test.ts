import { describe, expect, test } from "bun:test";
import { AbortedError } from "../lib/errors.ts";
import { createRateLimiter } from "./rpm.ts";

/** A clock that only moves when the limiter sleeps; records each requested wait. */
function fakeTime() {
  const clock = { now: 0, waits: [] as number[] };
  const sleep = async (ms: number, signal: AbortSignal) => {
    if (signal.aborted) throw new AbortedError("sleep");
    clock.waits.push(ms);
    clock.now += ms;
  };
  return { clock, now: () => clock.now, sleep };
}

describe("createRateLimiter", () => {
  test("starts full: rpm requests pass at once, the next must wait 60/rpm seconds", async () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter(3, { now, sleep });
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    await limiter.acquire(new AbortController().signal);
    expect(clock.waits).toEqual([20_000]);
  });

  test("refills rpm/60 tokens per second, capped at rpm", () => {
    const { clock, now, sleep } = fakeTime();
    const limiter = createRateLimiter(60, { now, sleep });
    for (let i = 0; i < 60; i++) limiter.tryAcquire();
    expect(limiter.tryAcquire()).toBe(false);
    clock.now += 1_000;
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
    clock.now += 10 * 60_000;
    let taken = 0;
    while (limiter.tryAcquire()) taken++;
    expect(taken).toBe(60);
  });

  test("an aborted wait rejects", async () => {
    const { now, sleep } = fakeTime();
    const limiter = createRateLimiter(1, { now, sleep });
    limiter.tryAcquire();
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toBeInstanceOf(AbortedError);
  });
});

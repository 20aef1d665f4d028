import { describe, expect, test } from "bun:test";
import { createFrameRateLimiter } from "./rate-limiter.ts";

describe("createFrameRateLimiter", () => {
  test("allows a burst of two seconds, then refills at the rate", () => {
    let now = 0;
    const limiter = createFrameRateLimiter(5, () => now);
    const burst = Array.from({ length: 11 }, () => limiter.take());
    expect(burst.filter((d) => d === "accept")).toHaveLength(10);
    expect(burst[10]).toBe("drop");
    now += 200;
    expect(limiter.take()).toBe("accept");
    expect(limiter.take()).toBe("drop");
  });

  test("closes after more than ten seconds' worth of dropped frames in one window", () => {
    const now = 0;
    const limiter = createFrameRateLimiter(5, () => now);
    const decisions = Array.from({ length: 10 + 50 + 1 }, () => limiter.take());
    expect(decisions.at(-2)).toBe("drop");
    expect(decisions.at(-1)).toBe("close");
    expect(limiter.droppedInWindow).toBe(51);
  });

  test("forgets drops in a new window and never limits at rate 0", () => {
    let now = 0;
    const limiter = createFrameRateLimiter(1, () => now);
    for (let i = 0; i < 15; i++) limiter.take();
    now += 10_000;
    for (let i = 0; i < 10; i++) limiter.take();
    expect(limiter.take()).not.toBe("close");
    const open = createFrameRateLimiter(0, () => 0);
    expect(Array.from({ length: 1000 }, () => open.take()).every((d) => d === "accept")).toBe(true);
  });
});

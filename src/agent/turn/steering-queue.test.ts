import { describe, expect, test } from "bun:test";
import { createSteeringQueue } from "./steering-queue.ts";

const m = (content: string) => ({ role: "user" as const, content });

describe("createSteeringQueue", () => {
  test("one-at-a-time hands out one message per poll, all hands out everything", () => {
    const one = createSteeringQueue("one-at-a-time");
    const all = createSteeringQueue("all");
    for (const q of [one, all]) {
      q.push(m("a"));
      q.push(m("b"));
    }
    expect(one.poll()).toEqual([m("a")]);
    expect(one.size).toBe(1);
    expect(all.poll()).toEqual([m("a"), m("b")]);
    expect(all.size).toBe(0);
  });

  test("refuses the eleventh message", () => {
    const q = createSteeringQueue("all");
    for (let i = 0; i < 10; i++) expect(q.push(m(String(i)))).toBe(true);
    expect(q.push(m("overflow"))).toBe(false);
    expect(q.size).toBe(10);
  });
});

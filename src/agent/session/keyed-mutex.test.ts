import { describe, expect, test } from "bun:test";
import { deferred } from "../../lib/deferred.ts";
import { createKeyedMutex } from "./keyed-mutex.ts";

describe("createKeyedMutex", () => {
  test("tasks of one key run one at a time, in the order they were queued", async () => {
    const locked = createKeyedMutex();
    const gate = deferred<void>();
    const order: string[] = [];
    const first = locked("a", async () => {
      order.push("first start");
      await gate.promise;
      order.push("first end");
    });
    const second = locked("a", async () => {
      order.push("second");
    });
    const third = locked("a", async () => {
      order.push("third");
    });
    await Promise.resolve();
    expect(order).toEqual(["first start"]);
    gate.resolve();
    await Promise.all([first, second, third]);
    expect(order).toEqual(["first start", "first end", "second", "third"]);
  });

  test("an idle key starts its task in the caller's tick; other keys do not wait", async () => {
    const locked = createKeyedMutex();
    const gate = deferred<void>();
    const held = locked("a", () => gate.promise);
    let started = false;
    const other = locked("b", async () => {
      started = true;
      return 2;
    });
    expect(started).toBe(true);
    expect(await other).toBe(2);
    gate.resolve();
    await held;
  });

  test("a failing or throwing task passes its error on and releases the key", async () => {
    const locked = createKeyedMutex();
    const failed = locked("a", async () => {
      throw new Error("boom");
    });
    const threw = locked("a", () => {
      throw new Error("sync boom");
    });
    const after = locked("a", async () => "ran");
    const settled = await Promise.allSettled([failed, threw, after]);
    expect(settled.map((s) => (s.status === "rejected" ? String(s.reason) : s.value))).toEqual([
      "Error: boom",
      "Error: sync boom",
      "ran",
    ]);
    expect(await locked("a", async () => "again")).toBe("again");
  });
});

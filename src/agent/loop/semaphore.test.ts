import { describe, expect, test } from "bun:test";
import { AbortedError } from "../../lib/errors.ts";
import { createSemaphore } from "./semaphore.ts";

describe("createSemaphore", () => {
  test("grants slots in FIFO order and ignores double release", async () => {
    const semaphore = createSemaphore(1);
    const release = await semaphore.acquire();
    const order: string[] = [];
    const a = semaphore.acquire().then((r) => {
      order.push("a");
      return r;
    });
    const b = semaphore.acquire().then((r) => {
      order.push("b");
      return r;
    });
    release();
    release();
    (await a)();
    (await b)();
    expect(order).toEqual(["a", "b"]);
    expect(semaphore.available).toBe(1);
  });

  test("a waiter that aborts gives up its place", async () => {
    const semaphore = createSemaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    release();
    expect(semaphore.available).toBe(1);
  });
});

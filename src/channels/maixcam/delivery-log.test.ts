import { describe, expect, test } from "bun:test";
import { DeliveryLog } from "./delivery-log.ts";

describe("DeliveryLog", () => {
  test("a reconnect from the address of a closed recipient inherits the delivery, once", () => {
    const log = new DeliveryLog<{ address: string }>();
    const old = { address: "10.0.0.5" };
    const open = new Set<{ address: string }>();
    log.record("m1", old);
    const reconnect = { address: "10.0.0.5" };
    const neighbour = { address: "10.0.0.5" };
    open.add(reconnect).add(neighbour);
    const isOpen = (r: { address: string }) => open.has(r);
    expect(log.has("m1", reconnect, isOpen)).toBe(true);
    expect(log.has("m1", neighbour, isOpen)).toBe(false);
    expect(log.has("m2", reconnect, isOpen)).toBe(false);
  });

  test("forgets the oldest id past capacity", () => {
    const log = new DeliveryLog<{ address: string }>(2);
    const r = { address: "a" };
    for (const id of ["m1", "m2", "m3"]) log.record(id, r);
    expect(["m1", "m2", "m3"].map((id) => log.has(id, r, () => true))).toEqual([false, true, true]);
  });
});

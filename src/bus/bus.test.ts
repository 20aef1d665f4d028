import { describe, expect, test } from "bun:test";
import { AbortedError, TimeoutError } from "../lib/errors.ts";
import { BusClosedError, MessageBus, MissingContextError } from "./bus.ts";
import type { InboundMessage } from "./message.ts";

const inbound = (content: string): InboundMessage => ({
  context: { channel: "test", chatId: "c1" },
  content,
});

describe("MessageBus", () => {
  test("delivers in order", async () => {
    const bus = new MessageBus();
    await bus.publishInbound(inbound("a"));
    await bus.publishInbound(inbound("b"));
    expect((await bus.inbound.take())?.content).toBe("a");
    expect((await bus.inbound.take())?.content).toBe("b");
  });

  test("a publish into a full queue waits for a free slot instead of dropping", async () => {
    const bus = new MessageBus(16);
    for (let i = 0; i < 16; i++) await bus.publishInbound(inbound(String(i)));
    let landed = false;
    const pending = bus.publishInbound(inbound("16")).then(() => {
      landed = true;
    });
    await Promise.resolve();
    expect(landed).toBe(false);
    expect(bus.inbound.size).toBe(16);
    expect((await bus.inbound.take())?.content).toBe("0");
    await pending;
    expect(landed).toBe(true);
    const rest: string[] = [];
    for (let i = 0; i < 16; i++) rest.push((await bus.inbound.take())?.content ?? "");
    expect(rest).toEqual(Array.from({ length: 16 }, (_, i) => String(i + 1)));
  });

  test("a full publish honours timeout and abort", async () => {
    const bus = new MessageBus(1);
    await bus.publishInbound(inbound("x"));
    await expect(bus.publishInbound(inbound("y"), { timeoutMs: 5 })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = bus.publishInbound(inbound("z"), { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(bus.inbound.size).toBe(1);
  });

  test("close refuses new publishes, rejects waiting ones, and lets consumers drain", async () => {
    const bus = new MessageBus(2);
    await bus.publishInbound(inbound("a"));
    await bus.publishInbound(inbound("b"));
    const waiting = bus.publishInbound(inbound("c"));
    bus.close();
    bus.close();
    await expect(waiting).rejects.toBeInstanceOf(BusClosedError);
    await expect(
      bus.publishOutbound({ context: { channel: "t", chatId: "c" }, content: "x" }),
    ).rejects.toBeInstanceOf(BusClosedError);
    const drained: string[] = [];
    for await (const message of bus.inbound) drained.push(message.content);
    expect(drained).toEqual(["a", "b"]);
    expect(await bus.outbound.take()).toBeUndefined();
  });

  test("a consumer waiting on an empty queue wakes on publish and on close", async () => {
    const bus = new MessageBus();
    const first = bus.outbound.take();
    await bus.publishOutbound({ context: { channel: "t", chatId: "c" }, content: "hi" });
    expect((await first)?.content).toBe("hi");
    const second = bus.outbound.take();
    bus.close();
    expect(await second).toBeUndefined();
  });

  test("a message without context is refused", async () => {
    const bus = new MessageBus();
    await expect(
      bus.publishInbound({ context: { channel: "", chatId: "x" }, content: "" }),
    ).rejects.toBeInstanceOf(MissingContextError);
  });
});

import { describe, expect, test } from "bun:test";
import { MessageBus, MissingContextError } from "./bus.ts";
import { createStreamSinks } from "./create-stream-sinks.ts";
import { INTERNAL_CHANNELS } from "./internal-channels.ts";

const context = { channel: "pico", chatId: "c1" };

describe("createStreamSinks", () => {
  test("a streaming channel gets the whole text so far, one reply id, on the bus", async () => {
    const bus = new MessageBus();
    const sink = createStreamSinks(bus, (name) => name === "pico")(context);
    if (!sink) throw new Error("expected a sink for a streaming channel");
    sink.delta("Hel");
    sink.delta("");
    sink.delta("lo");
    sink.end();
    sink.delta(" late");
    expect(sink.streamed?.()).toBe(true);
    expect(bus.outbound.size).toBe(2);
    const first = await bus.outbound.take();
    const second = await bus.outbound.take();
    expect([first?.content, second?.content]).toEqual(["Hel", "Hello"]);
    expect(first).toMatchObject({ kind: "stream", id: sink.replyId, context });
    expect(second?.id).toBe(sink.replyId);
  });

  test("no sink for a channel without the capability, nor for an internal channel", () => {
    const bus = new MessageBus();
    const sinks = createStreamSinks(bus, (name) => name === "pico");
    expect(sinks({ channel: "telegram", chatId: "c1" })).toBeUndefined();
    const everything = createStreamSinks(bus, () => true);
    for (const channel of INTERNAL_CHANNELS) {
      expect(everything({ channel, chatId: "c1" })).toBeUndefined();
    }
  });

  test("chunks pass the bus's context check instead of bypassing it (refused, never thrown)", () => {
    const bus = new MessageBus();
    expect(() => bus.tryPublishOutbound({ context: { channel: "pico", chatId: " " }, content: "x" })).toThrow(
      MissingContextError,
    );
    const sink = createStreamSinks(bus, () => true)({ channel: "pico", chatId: " " });
    sink?.delta("x");
    sink?.delta("xy");
    expect(bus.outbound.size).toBe(0);
    expect(sink?.streamed?.()).toBe(false);
  });

  test("a full queue skips the chunk without waiting; a closed bus refuses it", () => {
    const bus = new MessageBus(1);
    const sink = createStreamSinks(bus, () => true)(context);
    sink?.delta("a");
    sink?.delta("b");
    expect(bus.outbound.size).toBe(1);
    const closed = new MessageBus();
    closed.close();
    const late = createStreamSinks(closed, () => true)(context);
    late?.delta("x");
    expect(late?.streamed?.()).toBe(false);
  });
});

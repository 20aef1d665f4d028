import { describe, expect, test } from "bun:test";
import { EventEmitter } from "node:events";
import { MessageBus } from "../bus/bus.ts";
import { createShutdown } from "./shutdown.ts";

function parts() {
  const steps: string[] = [];
  const bus = new MessageBus();
  const exited = Promise.withResolvers<number>();
  const shutdown = createShutdown({
    bus,
    manager: {
      stopInbound: () => void steps.push("stopInbound"),
      drain: async () => void steps.push(`drain(bus closed: ${bus.isClosed})`),
      stop: async () => void steps.push("stop"),
    },
    agentDone: async () =>
      void steps.push(`agent(inbound closed: ${bus.inbound.isClosed}, bus closed: ${bus.isClosed})`),
    server: { stop: async () => void steps.push("server") },
    exit: (code) => exited.resolve(code),
  });
  return { steps, shutdown, exited: exited.promise };
}

describe("createShutdown", () => {
  test("stops inbound, lets the agent finish, drains outbound, stops channels and server, exits 0", async () => {
    const { steps, shutdown, exited } = parts();
    await shutdown.run("test");
    expect(await exited).toBe(0);
    expect(steps).toEqual([
      "stopInbound",
      "agent(inbound closed: true, bus closed: false)",
      "drain(bus closed: true)",
      "stop",
      "server",
    ]);
  });

  test("SIGTERM starts it once; a second signal exits at once with 1", async () => {
    const { steps, shutdown, exited } = parts();
    const signals = new EventEmitter();
    const codes: number[] = [];
    const unhook = shutdown.install(signals);
    signals.emit("SIGTERM");
    expect(await exited).toBe(0);
    expect(steps.filter((s) => s === "stop")).toHaveLength(1);
    unhook();
    expect(signals.listenerCount("SIGTERM")).toBe(0);
    const second = createShutdown({
      bus: new MessageBus(),
      manager: { stopInbound: () => {}, drain: () => new Promise(() => {}), stop: async () => {} },
      exit: (code) => void codes.push(code),
    });
    second.install(signals);
    signals.emit("SIGINT");
    signals.emit("SIGINT");
    expect(codes).toEqual([1]);
  });
});

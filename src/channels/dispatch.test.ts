import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { MessageBus } from "../bus/bus.ts";
import { outboundContext } from "../bus/message.ts";
import { runDispatcher } from "./dispatch.ts";
import { Outbox } from "./outbox.ts";
import { TurnUi } from "./turn-ui.ts";
import { ChannelWorker } from "./worker.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "dispatch-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("runDispatcher", () => {
  test("a stuck channel neither blocks the dispatcher nor delays another channel; its overflow waits in the outbox, in order", async () => {
    const bus = new MessageBus();
    const outbox = new Outbox({ dir });
    await outbox.load();
    const turnUi = new TurnUi();
    const slow = new RecordingChannel("slow");
    const fast = new RecordingChannel("fast");
    const gate = Promise.withResolvers<void>();
    slow.gate = gate.promise;
    const workers = new Map(
      [slow, fast].map((channel) => [
        channel.name,
        new ChannelWorker({
          channel,
          outbox,
          turnUi,
          rate: { perSecond: 0, burst: 1 },
          sleep: async () => {},
        }),
      ]),
    );
    const running = [...workers.values()].map((w) => w.run());
    const dispatching = runDispatcher({ bus, workers, configured: new Set(["slow", "fast"]), outbox });

    for (let i = 0; i < 40; i++) {
      await bus.publishOutbound({ context: outboundContext("slow", "c"), content: `s${i}`, id: `s${i}` });
    }
    await bus.publishOutbound({ context: outboundContext("fast", "c"), content: "quick", id: "f" });
    await fast.waitForCalls(1);
    expect(fast.sentContents()).toEqual(["quick"]);
    expect(slow.sentContents()).toEqual([]);
    expect(outbox.size).toBeGreaterThan(20);

    gate.resolve();
    await slow.waitForCalls(40);
    bus.close();
    await dispatching;
    for (const worker of workers.values()) worker.close();
    await Promise.all(running);
    expect(slow.sentContents()).toEqual(Array.from({ length: 40 }, (_, i) => `s${i}`));
    expect(outbox.size).toBe(0);
  });

  test("skips internal channels, keeps replies for a configured channel that did not start, drops unknown ones", async () => {
    const bus = new MessageBus();
    const outbox = new Outbox({ dir });
    await outbox.load();
    const dispatching = runDispatcher({ bus, workers: new Map(), configured: new Set(["tg"]), outbox });
    await bus.publishOutbound({ context: outboundContext("cli", "x"), content: "internal" });
    await bus.publishOutbound({ context: outboundContext("tg", "42"), content: "later", id: "t1" });
    await bus.publishOutbound({ context: outboundContext("nope", "1"), content: "lost" });
    bus.close();
    await dispatching;
    expect(outbox.entriesFor("tg", "42").map((e) => e.id)).toEqual(["t1"]);
    expect(outbox.size).toBe(1);
  });
});

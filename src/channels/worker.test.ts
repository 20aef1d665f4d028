import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import type { OutboundMessage } from "../bus/message.ts";
import { Outbox } from "./outbox.ts";
import { PermanentSendError, TemporarySendError } from "./send-error.ts";
import { TurnUi } from "./turn-ui.ts";
import { ChannelWorker } from "./worker.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "worker-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setup(channel = new RecordingChannel(), splitOnMarker = false) {
  const outbox = new Outbox({ dir });
  await outbox.load();
  const turnUi = new TurnUi();
  const worker = new ChannelWorker({
    channel,
    outbox,
    turnUi,
    splitOnMarker,
    rate: { perSecond: 0, burst: 1 },
    sleep: async () => {},
  });
  const running = worker.run();
  const finish = async () => {
    worker.close();
    await running;
  };
  return { channel, outbox, turnUi, worker, finish };
}

const reply = (content: string, chatId = "c1", id?: string): OutboundMessage => ({
  context: { channel: "fake", chatId },
  content,
  ...(id ? { id } : {}),
});

describe("ChannelWorker", () => {
  test("splits on the marker and by length, sending chunks in order", async () => {
    const channel = new RecordingChannel();
    channel.maxMessageLength = 60;
    const { worker, finish } = await setup(channel, true);
    worker.offer({ kind: "text", message: reply(`first<|[SPLIT]|>${"word ".repeat(20)}`) });
    await finish();
    const sent = channel.sentContents();
    expect(sent[0]).toBe("first");
    expect(sent.length).toBeGreaterThan(2);
    expect(sent.slice(1).join(" ").replace(/\s+/g, " ").trim()).toBe("word ".repeat(20).trim());
  });

  test("edits the placeholder into the first chunk and stops typing after the reply", async () => {
    const channel = new RecordingChannel();
    const { worker, turnUi, finish } = await setup(channel);
    await turnUi.onInbound(channel, { typing: true, placeholder: true, placeholderTexts: ["Wait"] }, "c1");
    worker.offer({ kind: "text", message: reply("answer") });
    await finish();
    expect(channel.calls.map((c) => c.op)).toEqual(["typing.start", "placeholder", "edit", "typing.stop"]);
    expect(channel.calls[2]).toMatchObject({ op: "edit", text: "answer", messageId: "ph-1" });
    expect(turnUi.size).toBe(0);
  });

  test("retries temporary failures, then keeps the reply in the outbox and delivers it once on flush", async () => {
    const channel = new RecordingChannel();
    channel.failures.push(...[1, 2, 3, 4].map(() => new TemporarySendError("down")));
    const first = await setup(channel);
    first.worker.offer({ kind: "text", message: reply("important", "c1", "r1") });
    await first.finish();
    expect(channel.failures).toHaveLength(0);
    expect(channel.sentContents()).toEqual([]);
    expect(first.outbox.entriesFor("fake", "c1").map((e) => e.id)).toEqual(["r1"]);

    const second = await setup(channel);
    expect(second.outbox.size).toBe(1);
    second.worker.requestFlush("c1");
    second.worker.requestFlush();
    await channel.waitForCalls(1);
    await second.finish();
    expect(channel.sentContents()).toEqual(["important"]);
    expect(second.outbox.size).toBe(0);
  });

  test("parks replies for a disconnected chat without trying, and delivers them in order when it is back", async () => {
    const channel = new RecordingChannel();
    channel.offline.add("c1");
    const { worker, outbox, finish } = await setup(channel);
    worker.offer({ kind: "text", message: reply("one", "c1", "a") });
    worker.offer({ kind: "text", message: reply("two", "c1", "b") });
    worker.offer({ kind: "text", message: reply("other chat", "c2") });
    await channel.waitForCalls(1);
    expect(channel.sentContents()).toEqual(["other chat"]);
    expect(outbox.entriesFor("fake", "c1").map((e) => e.id)).toEqual(["a", "b"]);
    channel.offline.delete("c1");
    worker.requestFlush("c1");
    await channel.waitForCalls(3);
    await finish();
    expect(channel.sentContents()).toEqual(["other chat", "one", "two"]);
    expect(outbox.size).toBe(0);
  });

  test("a permanent failure is dropped with a log, not retried and not kept", async () => {
    const channel = new RecordingChannel();
    channel.failures.push(new PermanentSendError("chat not found", 400));
    const { worker, outbox, finish } = await setup(channel);
    worker.offer({ kind: "text", message: reply("x") });
    worker.offer({ kind: "text", message: reply("y") });
    await finish();
    expect(channel.sentContents()).toEqual(["y"]);
    expect(outbox.size).toBe(0);
  });

  test("offer reports a full queue instead of waiting", async () => {
    const channel = new RecordingChannel();
    const gate = Promise.withResolvers<void>();
    channel.gate = gate.promise;
    const { worker, finish } = await setup(channel);
    let accepted = 0;
    for (let i = 0; i < 40; i++) if (worker.offer({ kind: "text", message: reply(`m${i}`) })) accepted++;
    expect(accepted).toBeLessThanOrEqual(17);
    expect(accepted).toBeGreaterThanOrEqual(16);
    gate.resolve();
    await finish();
    expect(channel.sentContents()).toHaveLength(accepted);
  });

  test("stream chunks reach only a channel with the streaming capability; the final reply reaches both", async () => {
    const chunk = (content: string): OutboundMessage => ({ ...reply(content, "c1", "s1"), kind: "stream" });
    const end: OutboundMessage = { ...reply("Hello", "c1", "s1"), kind: "stream_end" };
    for (const streaming of [true, false]) {
      const channel = new RecordingChannel();
      channel.streaming = streaming;
      const { worker, finish } = await setup(channel);
      worker.offer({ kind: "text", message: chunk("Hel") });
      worker.offer({ kind: "text", message: chunk("Hello") });
      worker.offer({ kind: "text", message: end });
      await finish();
      expect(channel.sentContents()).toEqual(streaming ? ["Hel", "Hello", "Hello"] : ["Hello"]);
    }
  });
});

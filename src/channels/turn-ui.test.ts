import { describe, expect, test } from "bun:test";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { TurnUi } from "./turn-ui.ts";

const ui = { typing: true, placeholder: true, placeholderTexts: ["Thinking..."] };

describe("TurnUi", () => {
  test("one placeholder and one typing indicator per chat, however many messages arrive", async () => {
    const channel = new RecordingChannel();
    const turns = new TurnUi();
    await turns.onInbound(channel, ui, "c1");
    await turns.onInbound(channel, ui, "c1");
    expect(channel.calls.map((c) => c.op)).toEqual(["typing.start", "placeholder"]);
  });

  test("thoughts leave the placeholder for the final reply; a stream end deletes it", async () => {
    const channel = new RecordingChannel();
    const turns = new TurnUi();
    await turns.onInbound(channel, ui, "c1");
    const context = { channel: "fake", chatId: "c1" };
    expect(
      await turns.deliverViaPlaceholder(channel, { context, content: "hmm", kind: "thought" }),
    ).toBeUndefined();
    expect(
      await turns.deliverViaPlaceholder(channel, { context, content: "done", kind: "stream_end" }),
    ).toBeUndefined();
    expect(channel.calls.map((c) => c.op)).toEqual(["typing.start", "placeholder", "delete"]);
  });

  test("sweeps typing after 5 minutes and placeholders after 10", async () => {
    let clock = 0;
    const channel = new RecordingChannel();
    const turns = new TurnUi({ now: () => clock });
    await turns.onInbound(channel, ui, "c1");
    clock = 5 * 60_000 + 1;
    expect(turns.sweep()).toBe(1);
    expect(channel.calls.at(-1)).toEqual({ op: "typing.stop", chatId: "c1" });
    expect(turns.size).toBe(1);
    clock = 10 * 60_000 + 1;
    expect(turns.sweep()).toBe(1);
    expect(turns.size).toBe(0);
    const context = { channel: "fake", chatId: "c1" };
    expect(await turns.deliverViaPlaceholder(channel, { context, content: "late" })).toBeUndefined();
  });
});

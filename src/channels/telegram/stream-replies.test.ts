import { describe, expect, test } from "bun:test";
import type { OutboundMessage } from "../../bus/message.ts";
import { createStreamReplies, type StreamReplyIo } from "./stream-replies.ts";

const context = { channel: "telegram", chatId: "1" };
const msg = (kind: "stream" | "stream_end", content: string, id = "r1"): OutboundMessage => ({
  context,
  content,
  kind,
  id,
});

function recorder() {
  const log: string[] = [];
  let next = 10;
  const io: StreamReplyIo = {
    create: async (text, final) => {
      log.push(`create ${text}${final ? " (final)" : ""}`);
      return String(next++);
    },
    edit: async (id, text, final) => {
      log.push(`edit ${id} ${text}${final ? " (final)" : ""}`);
    },
  };
  return { log, io };
}

describe("createStreamReplies", () => {
  test("sends once, edits as the text grows, throttled by time and growth; the end is the final edit", async () => {
    let now = 0;
    const streams = createStreamReplies({
      maxLength: 100,
      throttleMs: 1000,
      minGrowthChars: 3,
      now: () => now,
    });
    const { log, io } = recorder();
    expect(await streams.handle(msg("stream", "Hel"), io)).toEqual(["10"]);
    now = 500;
    expect(await streams.handle(msg("stream", "Hello w"), io)).toEqual([]);
    now = 1500;
    expect(await streams.handle(msg("stream", "Hello wo"), io)).toEqual(["10"]);
    now = 1600;
    await streams.handle(msg("stream", "Hello wor"), io);
    now = 3000;
    await streams.handle(msg("stream", "Hello work"), io);
    expect(await streams.handle(msg("stream_end", "Hello world"), io)).toEqual(["10"]);
    expect(log).toEqual(["create Hel", "edit 10 Hello wo", "edit 10 Hello world (final)"]);
  });

  test("text past the limit starts a new message; the final pieces edit each in turn", async () => {
    const streams = createStreamReplies({ maxLength: 10, throttleMs: 0, minGrowthChars: 1 });
    const { log, io } = recorder();
    await streams.handle(msg("stream", "aaaa"), io);
    await streams.handle(msg("stream", "aaaaaaaaaa bbbb"), io);
    await streams.handle(msg("stream_end", "aaaaaaaaaa"), io);
    await streams.handle(msg("stream_end", "bbbbbb", "r1#1"), io);
    await streams.handle(msg("stream_end", "cc", "r1#2"), io);
    expect(log).toEqual([
      "create aaaa",
      // split as splitMessage splits the final reply, so the pieces line up with the stream_end ids
      "edit 10 aaaaa",
      "create aaaaa bbbb",
      "edit 10 aaaaaaaaaa (final)",
      "edit 11 bbbbbb (final)",
      "create cc (final)",
    ]);
  });

  test("an end without a stream is left to the ordinary send", async () => {
    const streams = createStreamReplies({ maxLength: 10, throttleMs: 0, minGrowthChars: 1 });
    expect(await streams.handle(msg("stream_end", "hi", "other"), recorder().io)).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OutboundMessage } from "../bus/message.ts";
import type { Logger } from "../lib/logger.ts";
import { Outbox } from "./outbox.ts";

let dir: string;
let clock: number;
const now = () => clock;

/** A logger that records "level message fields" lines. */
function captureLog(lines: string[]): Logger {
  const push = (level: string) => (message: string, fields?: object) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { debug: push("debug"), info: push("info"), warn: push("warn"), error: push("error") };
}

function reply(id: string, chatId = "pico:s1", content = `reply ${id}`): OutboundMessage {
  return { context: { channel: "pico", chatId }, content, id };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "outbox-"));
  clock = 1_000_000;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("Outbox", () => {
  test("persists entries and reloads them, oldest first, after a restart", async () => {
    const first = new Outbox({ dir, now });
    await first.load();
    await first.add("pico", { kind: "text", message: reply("a") });
    clock += 1;
    await first.add("pico", { kind: "text", message: reply("b") });
    expect((await readdir(dir)).filter((n) => n.endsWith(".json"))).toHaveLength(2);

    const second = new Outbox({ dir, now });
    await second.load();
    const entries = second.entriesFor("pico", "pico:s1");
    expect(entries.map((e) => e.id)).toEqual(["a", "b"]);
    expect(entries[0]?.payload).toEqual({ kind: "text", message: reply("a") });
    expect(second.chats("pico")).toEqual(["pico:s1"]);
  });

  test("stores an id once and hands an entry to one sender at a time", async () => {
    const outbox = new Outbox({ dir, now });
    await outbox.load();
    const entry = await outbox.add("pico", { kind: "text", message: reply("a") });
    await outbox.add("pico", { kind: "text", message: reply("a") });
    expect(outbox.size).toBe(1);
    expect(outbox.claim(entry)).toBe(true);
    expect(outbox.claim(entry)).toBe(false);
    outbox.release(entry);
    expect(outbox.claim(entry)).toBe(true);
    await outbox.remove(entry);
    expect(outbox.has("pico", "pico:s1")).toBe(false);
    expect(await readdir(dir)).toEqual([]);
  });

  test("evicts the oldest entry with a log line when over the count or byte bound", async () => {
    const lines: string[] = [];
    const log = captureLog(lines);
    {
      const outbox = new Outbox({ dir, now, log, maxEntries: 2, maxBytes: 100_000 });
      await outbox.load();
      for (const id of ["a", "b", "c"]) {
        clock += 1;
        await outbox.add("pico", { kind: "text", message: reply(id) });
      }
      expect(outbox.entriesFor("pico", "pico:s1").map((e) => e.id)).toEqual(["b", "c"]);
      expect(lines.some((l) => l.includes("evicted") && l.includes('"id":"a"'))).toBe(true);

      const small = new Outbox({ dir: join(dir, "small"), now, maxBytes: 400 });
      await small.load();
      await small.add("pico", { kind: "text", message: reply("x", "pico:s1", "y".repeat(200)) });
      await small.add("pico", { kind: "text", message: reply("z", "pico:s1", "y".repeat(200)) });
      expect(small.entriesFor("pico", "pico:s1").map((e) => e.id)).toEqual(["z"]);
      expect(small.bytes).toBeLessThanOrEqual(400);
    }
  });

  test("expires old entries with a log line, also on load", async () => {
    const lines: string[] = [];
    const log = captureLog(lines);
    {
      const outbox = new Outbox({ dir, now, maxAgeMs: 1000 });
      await outbox.load();
      await outbox.add("pico", { kind: "text", message: reply("old") });
      clock += 2000;
      const reloaded = new Outbox({ dir, now, log, maxAgeMs: 1000 });
      await reloaded.load();
      expect(reloaded.size).toBe(0);
      expect(lines.some((l) => l.includes("expired") && l.includes('"id":"old"'))).toBe(true);
      expect(await readdir(dir)).toEqual([]);
    }
  });

  test("removes unreadable files and leftover temp files on load", async () => {
    await writeFile(join(dir, "000-bad.json"), "{not json");
    await writeFile(join(dir, "000-x.json.tmp"), "partial");
    const outbox = new Outbox({ dir, now });
    await outbox.load();
    expect(outbox.size).toBe(0);
    expect(await readdir(dir)).toEqual([]);
  });

  test("keeps media messages", async () => {
    const outbox = new Outbox({ dir, now });
    await outbox.load();
    const media = {
      context: { channel: "pico", chatId: "pico:s1" },
      parts: [{ type: "image" as const, ref: "media://a" }],
    };
    const entry = await outbox.add("pico", { kind: "media", message: media });
    const reloaded = new Outbox({ dir, now });
    await reloaded.load();
    expect(reloaded.entriesFor("pico", "pico:s1")[0]?.payload).toEqual({
      kind: "media",
      message: { ...media, id: entry.id },
    });
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InboundMessage } from "../../bus/message.ts";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import { OfflineQueue } from "./offline-queue.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "offline-queue-"));
  dirs.push(dir);
  return dir;
}

const message = (content: string, chatId = "c1"): InboundMessage => ({
  context: { channel: "pico", chatId },
  content,
});

async function open(dir: string, limits: { maxMessages?: number; maxBytes?: number } = {}) {
  const queue = new OfflineQueue({
    dir,
    maxMessages: limits.maxMessages ?? 10,
    maxBytes: limits.maxBytes ?? 1024 * 1024,
  });
  await queue.load();
  return queue;
}

describe("OfflineQueue", () => {
  test("keeps messages in arrival order across a restart", async () => {
    const dir = await tempDir();
    const queue = await open(dir);
    for (const text of ["one", "two", "three"]) expect((await queue.add("s1", message(text))).ok).toBe(true);
    const reopened = await open(dir);
    const order: string[] = [];
    for (let entry = reopened.first(); entry; entry = reopened.first()) {
      order.push(entry.message.content);
      await reopened.remove(entry);
    }
    expect(order).toEqual(["one", "two", "three"]);
    expect((await open(dir)).size).toBe(0);
  });

  test("numbers new messages after the ones a previous run left", async () => {
    const dir = await tempDir();
    const first = await open(dir);
    await first.add("s1", message("old"));
    const second = await open(dir);
    await second.add("s1", message("new"));
    const third = await open(dir);
    expect(third.first()?.message.content).toBe("old");
    expect(third.size).toBe(2);
  });

  test("refuses beyond the message count and the byte bound, and evicts nothing", async () => {
    const dir = await tempDir();
    const byCount = await open(dir, { maxMessages: 2 });
    expect((await byCount.add("s", message("a"))).ok).toBe(true);
    expect((await byCount.add("s", message("b"))).ok).toBe(true);
    expect(await byCount.add("s", message("c"))).toEqual({ ok: false, reason: "full" });
    expect(byCount.size).toBe(2);
    expect(byCount.first()?.message.content).toBe("a");

    const small = await open(await tempDir(), { maxBytes: 1024 });
    expect(await small.add("s", message("x".repeat(2000)))).toEqual({ ok: false, reason: "too_large" });
    expect((await small.add("s", message("y".repeat(500)))).ok).toBe(true);
    expect(await small.add("s", message("z".repeat(500)))).toEqual({ ok: false, reason: "full" });
    expect(small.bytes).toBeLessThanOrEqual(1024);
  });

  test("a crash mid-write loses no kept message and leaves no half record", async () => {
    const dir = await tempDir();
    const queue = await open(dir);
    await queue.add("s1", message("kept before the crash"));
    // The process dies after writing part of a temp file, before the rename.
    const crashing = new OfflineQueue({
      dir,
      maxMessages: 10,
      maxBytes: 1024 * 1024,
      write: async (path, data) => {
        await writeFile(join(dir, `.${path.split("/").at(-1)}.999.1.tmp`), data.slice(0, 10));
        throw new Error("killed");
      },
    });
    await crashing.load();
    expect(await crashing.add("s1", message("never acknowledged"))).toEqual({
      ok: false,
      reason: "write_failed",
    });
    expect(crashing.size).toBe(1);
    const reopened = await open(dir);
    expect(reopened.size).toBe(1);
    expect(reopened.first()?.message.content).toBe("kept before the crash");
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  test("an unreadable file is moved aside, not parsed as a message", async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, "000000000001.json"), "{not json");
    await writeFileAtomic(join(dir, "000000000002.json"), JSON.stringify({ v: 1, seq: 2 }));
    const queue = await open(dir);
    expect(queue.size).toBe(0);
    expect((await readdir(dir)).filter((n) => n.endsWith(".bad")).length).toBe(2);
  });

  test("tells each chat once per outage, remembered across a restart", async () => {
    const dir = await tempDir();
    const queue = await open(dir);
    expect(await queue.markNotified("pico", "c1")).toBe(true);
    expect(await queue.markNotified("pico", "c1")).toBe(false);
    expect(await queue.markNotified("pico", "c2")).toBe(true);
    const reopened = await open(dir);
    expect(await reopened.markNotified("pico", "c1")).toBe(false);
    await reopened.clearNotified();
    expect(await reopened.markNotified("pico", "c1")).toBe(true);
  });

  test("holds a session while it has kept messages", async () => {
    const queue = await open(await tempDir());
    const kept = await queue.add("s1", message("a"));
    expect(queue.holds("s1")).toBe(true);
    expect(queue.holds("s2")).toBe(false);
    if (kept.ok) await queue.remove(kept.entry);
    expect(queue.holds("s1")).toBe(false);
  });
});

/**
 * Group commit in the session store: lines written together share one fdatasync per file, a sync
 * resolves only after the fdatasync that covers its lines, and `append` is durable when it resolves.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAppendLog } from "./append-log.ts";
import { createSessionStore } from "./session-store.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "group-commit-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a sync resolves after an fdatasync that started once its lines were in the file", async () => {
  // What each fdatasync covered: the file's lines at the moment it started.
  const covered: number[] = [];
  const store = createSessionStore(dir, {
    onSync: (path) => covered.push(readFileSync(path, "utf8").trimEnd().split("\n").length),
  });
  await store.write("s", { role: "user", content: "q" });
  await store.write("s", { role: "assistant", content: "a" });
  expect(covered).toEqual([]);
  await store.sync("s");
  // One flush for both lines of the turn, and it saw both.
  expect(covered).toEqual([2]);
  await store.sync("s");
  expect(covered).toEqual([2]);
});

test("appends that arrive together share flushes: fewer fdatasyncs than lines, every append durable", async () => {
  let syncs = 0;
  const covered: number[] = [];
  const store = createSessionStore(dir, {
    onSync: (path) => {
      syncs++;
      covered.push(readFileSync(path, "utf8").trimEnd().split("\n").length);
    },
  });
  const lines = 40;
  const done: number[] = [];
  await Promise.all(
    Array.from({ length: lines }, (_, i) =>
      store.append("s", { role: "user", content: `m${i}` }).then(() => {
        // When an append resolves, some flush that started after its line was written has finished.
        done.push(i);
        expect(Math.max(...covered)).toBeGreaterThanOrEqual(i + 1);
      }),
    ),
  );
  expect(done.length).toBe(lines);
  expect(syncs).toBeLessThan(lines);
  expect((await store.history("s")).map((e) => e.message.content)).toEqual(
    Array.from({ length: lines }, (_, i) => `m${i}`),
  );
});

test("sessions flushed at the same moment each get their own fdatasync, run side by side", async () => {
  const synced = new Set<string>();
  const store = createSessionStore(dir, { onSync: (path) => synced.add(path) });
  const keys = ["a", "b", "c"];
  await Promise.all(keys.map((k) => store.write(k, { role: "user", content: k })));
  await Promise.all(keys.map((k) => store.sync(k)));
  expect([...synced].map((p) => p.slice(dir.length + 1)).sort()).toEqual(["a.jsonl", "b.jsonl", "c.jsonl"]);
});

test("a failed fdatasync rejects the sync and the next write reopens the file", async () => {
  let failures = 1;
  const log = createAppendLog({
    onSync: () => {
      if (failures-- > 0) throw new Error("EIO");
    },
  });
  const path = join(dir, "x.jsonl");
  await log.write(path, Buffer.from("one\n"));
  await expect(log.sync(path)).rejects.toThrow("EIO");
  expect(log.openFiles).toBe(0);
  await log.write(path, Buffer.from("two\n"));
  expect(readFileSync(path, "utf8")).toBe("one\ntwo\n");
  await log.close();
});

test("idle clean handles beyond maxOpen are closed; busy ones are kept", async () => {
  const log = createAppendLog({ maxOpen: 2 });
  for (const name of ["a", "b", "c", "d"]) {
    const path = join(dir, `${name}.jsonl`);
    await log.write(path, Buffer.from("x\n"));
    await log.sync(path);
  }
  expect(log.openFiles).toBe(2);
  await log.close();
  expect(log.openFiles).toBe(0);
});

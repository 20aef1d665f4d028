import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionStore } from "./session-store.ts";

/** A session scope as the CLI's direct chat gets it. */
const CLI_SCOPE = {
  version: 1 as const,
  agentId: "main",
  channel: "cli",
  account: "default",
  dimensions: ["chat"],
  values: { chat: "direct:x" },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sessions-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = "sk_v1_abc";

describe("createSessionStore", () => {
  test("appends one JSON line per message and keeps PicoClaw's meta shape", async () => {
    const store = createSessionStore(dir, { now: () => Date.UTC(2026, 0, 2) });
    await store.append(KEY, { role: "user", content: "hi" });
    await store.append(KEY, { role: "assistant", content: "hello" });
    // The meta's count is written a moment after an append (or at flush); the lines are there at once.
    await store.flush();
    const lines = (await readFile(join(dir, `${KEY}.jsonl`), "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).content)).toEqual(["hi", "hello"]);
    expect(JSON.parse(lines[0] ?? "").created_at).toBe("2026-01-02T00:00:00.000Z");
    const meta = JSON.parse(await readFile(join(dir, `${KEY}.meta.json`), "utf8"));
    expect(meta).toMatchObject({ key: KEY, summary: "", skip: 0, count: 2 });
    expect(Object.keys(meta)).toEqual(["key", "summary", "skip", "count", "created_at", "updated_at"]);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  test("names files with : / and \\ replaced by _", async () => {
    const store = createSessionStore(dir);
    await store.append("agent:main:tg/1\\x", { role: "user", content: "a" });
    await store.flush();
    expect((await readdir(dir)).sort()).toEqual(["agent_main_tg_1_x.jsonl", "agent_main_tg_1_x.meta.json"]);
  });

  test("history honours skip, limit and drops a leading orphan tool result", async () => {
    const store = createSessionStore(dir);
    for (let i = 1; i <= 6; i++)
      await store.append(KEY, { role: i === 4 ? "tool" : "user", content: `m${i}` });
    await store.setSummary(KEY, "earlier", 2);
    const all = await store.history(KEY);
    expect(all.map((e) => e.message.content)).toEqual(["m3", "m4", "m5", "m6"]);
    expect(all.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect((await store.history(KEY, 3)).map((e) => e.message.content)).toEqual(["m5", "m6"]);
    expect((await store.meta(KEY)).summary).toBe("earlier");
  });

  test("skip never moves backwards and clear hides everything", async () => {
    const store = createSessionStore(dir);
    for (let i = 1; i <= 4; i++) await store.append(KEY, { role: "user", content: `m${i}` });
    await store.setSummary(KEY, "s", 3);
    await store.setSummary(KEY, "s2", 1);
    expect((await store.meta(KEY)).skip).toBe(3);
    await store.clear(KEY);
    expect(await store.history(KEY)).toEqual([]);
    expect(await store.meta(KEY)).toMatchObject({ skip: 4, count: 4, summary: "" });
    await store.append(KEY, { role: "user", content: "fresh" });
    expect((await store.history(KEY)).map((e) => e.message.content)).toEqual(["fresh"]);
  });

  test("ignores a torn last line, counts corrupt lines for skip, and appends cleanly after", async () => {
    const store = createSessionStore(dir);
    await store.append(KEY, { role: "user", content: "one" });
    await appendFile(
      join(dir, `${KEY}.jsonl`),
      'not json\n{"role":"assistant","content":"two"}\n{"role":"us',
    );
    const fresh = createSessionStore(dir);
    expect((await fresh.history(KEY)).map((e) => [e.line, e.message.content])).toEqual([
      [1, "one"],
      [3, "two"],
    ]);
    await fresh.append(KEY, { role: "user", content: "four" });
    const text = await readFile(join(dir, `${KEY}.jsonl`), "utf8");
    // The torn fragment was cut off, not glued onto the next message.
    expect(
      text
        .trimEnd()
        .split("\n")
        .slice(2)
        .map((l) => JSON.parse(l).content),
    ).toEqual(["two", "four"]);
    expect((await fresh.history(KEY)).map((e) => e.message.content)).toEqual(["one", "two", "four"]);
    expect((await fresh.meta(KEY)).count).toBe(4);
  });

  test("reads history across many blocks without loading skipped lines", async () => {
    const store = createSessionStore(dir);
    const big = "y".repeat(70_000);
    for (let i = 0; i < 5; i++) await store.append(KEY, { role: "user", content: `${i}${big}` });
    await store.setSummary(KEY, "", 3);
    const entries = await store.history(KEY);
    expect(entries.map((e) => e.message.content.slice(0, 1))).toEqual(["3", "4"]);
    expect(entries[0]?.message.content.length).toBe(70_001);
  });

  test("a line over the cap is shortened on write and skipped on read", async () => {
    const store = createSessionStore(dir, { maxLineBytes: 1000 });
    await store.append(KEY, { role: "user", content: "z".repeat(5000) });
    const [entry] = await store.history(KEY);
    expect(entry?.message.content.length).toBeLessThan(400);
    expect(entry?.message.content).toContain("[truncated");
    await appendFile(
      join(dir, `${KEY}.jsonl`),
      `${JSON.stringify({ role: "user", content: "w".repeat(2000) })}\n`,
    );
    const again = createSessionStore(dir, { maxLineBytes: 1000 });
    expect((await again.history(KEY)).length).toBe(1);
    expect((await again.meta(KEY)).count).toBe(2);
  });

  test("ensureMeta stores scope in snake_case and merges aliases", async () => {
    const store = createSessionStore(dir);
    const scope = CLI_SCOPE;
    await store.ensureMeta(KEY, scope, ["cli:default"]);
    await store.ensureMeta(KEY, scope, ["agent:main:main"]);
    const raw = JSON.parse(await readFile(join(dir, `${KEY}.meta.json`), "utf8"));
    expect(raw.scope.agent_id).toBe("main");
    expect(raw.aliases).toEqual(["cli:default", "agent:main:main"]);
    expect((await store.meta(KEY)).scope).toEqual(scope);
  });

  test("ensureMeta with what the meta already holds writes nothing; a dirty alias list is still repaired", async () => {
    const scope = CLI_SCOPE;
    const store = createSessionStore(dir);
    await store.ensureMeta(KEY, scope, ["a", "b"]);
    const path = join(dir, `${KEY}.meta.json`);
    const written = await readFile(path, "utf8");
    await writeFile(path, written.replace('"a",', '"a", "a", "",'));
    // This store remembers the clean list it wrote: a known chat costs no write.
    await store.ensureMeta(KEY, scope, ["b", "", KEY]);
    expect(JSON.parse(await readFile(path, "utf8")).aliases).toEqual(["a", "a", "", "b"]);
    // A process that reads the dirty list from the file merges and rewrites it.
    const other = createSessionStore(dir);
    await other.ensureMeta(KEY, scope, ["b"]);
    expect(JSON.parse(await readFile(path, "utf8")).aliases).toEqual(["a", "b"]);
    await other.ensureMeta(KEY, { ...scope, values: { chat: "direct:y" } }, ["b"]);
    expect(JSON.parse(await readFile(path, "utf8")).scope.values).toEqual({ chat: "direct:y" });
  });

  test("a deferred summary is seen at once and reaches the file with the next deferred write", async () => {
    const store = createSessionStore(dir);
    for (let i = 1; i <= 4; i++) await store.append(KEY, { role: "user", content: `m${i}` });
    await store.flush();
    await store.setSummary(KEY, "note", 2, true);
    expect(await store.meta(KEY)).toMatchObject({ summary: "note", skip: 2 });
    expect((await store.history(KEY)).map((e) => e.message.content)).toEqual(["m3", "m4"]);
    // A process that died now would find the older meta, and every message still in the file.
    const early = createSessionStore(dir);
    expect(await early.meta(KEY)).toMatchObject({ summary: "", skip: 0, count: 4 });
    await store.flush();
    expect(await createSessionStore(dir).meta(KEY)).toMatchObject({ summary: "note", skip: 2, count: 4 });
  });

  test("meta handed out is a copy, and what the store remembers matches the file", async () => {
    const store = createSessionStore(dir);
    await store.append(KEY, { role: "user", content: "a" });
    const meta = await store.meta(KEY);
    meta.count = 99;
    meta.summary = "changed by a caller";
    expect((await store.meta(KEY)).count).toBe(1);
    await store.setSummary(KEY, "sum", 1);
    await store.append(KEY, { role: "assistant", content: "b" });
    await store.flush();
    const remembered = await store.meta(KEY);
    const fromDisk = await createSessionStore(dir).meta(KEY);
    expect(remembered).toEqual(fromDisk);
    expect(fromDisk).toMatchObject({ count: 2, skip: 1, summary: "sum" });
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionStore, type SessionStore } from "../session/session-store.ts";
import { emergencyNote } from "./drop-oldest-turns.ts";
import { recordCompression, withEmergencyNote } from "./record-compression.ts";

let dir: string;
let store: SessionStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "compress-"));
  store = createSessionStore(dir);
});
afterEach(async () => {
  await store.flush();
  await rm(dir, { recursive: true, force: true });
});

describe("withEmergencyNote", () => {
  test("appends PicoClaw's note after a summary, or starts one", () => {
    expect(withEmergencyNote("", 4)).toBe(emergencyNote(4));
    expect(withEmergencyNote("The user likes tea.", 4)).toBe(`The user likes tea.\n\n${emergencyNote(4)}`);
  });

  test("merges a note into the one it follows, so the counts add up", () => {
    const once = withEmergencyNote("The user likes tea.", 4);
    expect(withEmergencyNote(once, 6)).toBe(`The user likes tea.\n\n${emergencyNote(10)}`);
  });
});

describe("recordCompression", () => {
  test("a session compressed on every turn keeps a summary of bounded size", async () => {
    const key = "bench:chat";
    for (let i = 0; i < 200; i++) {
      await store.append(key, { role: "user", content: `q${i}` });
      await store.append(key, { role: "assistant", content: `a${i}` });
    }
    await store.setSummary(key, "Earlier: the user asked about tea.", 0);
    for (let turn = 0; turn < 100; turn++) {
      const entries = await store.history(key);
      await recordCompression(store, key, entries, 2);
    }
    const { summary } = await store.meta(key);
    expect(summary).toBe(`Earlier: the user asked about tea.\n\n${emergencyNote(200)}`);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchNewBinary } from "./apply-update.ts";
import { pendingPath, writePending } from "./pending.ts";
import { waitReady } from "./wait-ready.ts";

const oldBytes = "#!/bin/sh\necho old\n";
const newBytes = "#!/bin/sh\necho new\n";
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

// A gateway that is ready: the old process, still answering right after a restart that did not wait.
let server: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ready") });
});
afterAll(() => server.stop(true));

async function setUp(boots: number | undefined) {
  const home = mkdtempSync(join(tmpdir(), "watch-"));
  const binary = join(home, "picoclaw");
  writeFileSync(binary, newBytes);
  writeFileSync(`${binary}.prev`, oldBytes);
  if (boots !== undefined) await writePending(home, { binary, sha256: sha(newBytes), boots });
  const restarts: number[] = [];
  const watch = (timeoutMs: number) =>
    watchNewBinary({
      home,
      binary,
      release: { asset: "picoclaw-linux-arm64", sha256: sha(newBytes), signed: false },
      timeoutMs,
      waitReady: (ms, only) => waitReady(`http://127.0.0.1:${server.port}/ready`, ms, 20, only),
      restart: async () => restarts.push(1),
    });
  return { home, binary, restarts, watch, done: () => rmSync(home, { recursive: true, force: true }) };
}

describe("watchNewBinary", () => {
  test("a /ready from the old process before any start of the new binary does not confirm it", async () => {
    const t = await setUp(0);
    try {
      // Pending and never started since the swap (boots 0), though /ready answers: not confirmed.
      expect(await t.watch(300)).toEqual({ kind: "rolled-back", by: "watcher", restartCode: 1 });
      expect(readFileSync(t.binary, "utf8")).toBe(oldBytes);
      expect(existsSync(pendingPath(t.home))).toBe(false);
      expect(t.restarts).toHaveLength(1);
    } finally {
      t.done();
    }
  });

  test("a start counted since the swap and /ready confirm the update", async () => {
    const t = await setUp(1);
    try {
      expect(await t.watch(5000)).toEqual({ kind: "confirmed" });
      expect(readFileSync(t.binary, "utf8")).toBe(newBytes);
      expect(existsSync(pendingPath(t.home))).toBe(false);
    } finally {
      t.done();
    }
  });

  test("the boot counter already restored .prev: reported as rolled back by the gateway, no second restart", async () => {
    const t = await setUp(undefined);
    writeFileSync(t.binary, oldBytes);
    try {
      expect(await t.watch(5000)).toEqual({ kind: "rolled-back", by: "gateway" });
      expect(t.restarts).toHaveLength(0);
    } finally {
      t.done();
    }
  });
});

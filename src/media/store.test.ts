import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMediaStore } from "./store.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "picoclaw-media-test-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, body = "x"): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

describe("media store", () => {
  test("refs share one random prefix and count up", () => {
    const store = createMediaStore({ dir });
    const path = file("a");
    const refs = [1, 2, 3].map(() => store.store(path, {}, "s"));
    const ids = refs.map((ref) => /^media:\/\/([0-9a-f]{12})-([0-9a-z]+)$/.exec(ref));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids.map((m) => m?.[1])).size).toBe(1);
    expect(new Set(refs).size).toBe(3);
    expect(createMediaStore({ dir }).store(path, {}, "s")).not.toBe(refs[0]);
  });

  test("store refuses a missing file; resolving an unknown ref throws a clear error", () => {
    const store = createMediaStore({ dir });
    expect(() => store.store(join(dir, "nope"), {}, "s")).toThrow();
    expect(() => store.resolve("media://nope")).toThrow("unknown ref: media://nope");
  });

  test("deletes a shared file only when its last ref is released", () => {
    const store = createMediaStore({ dir });
    const path = file("shared");
    const a = store.store(path, {}, "telegram:1:10");
    const b = store.store(path, {}, "telegram:1:11");
    store.releaseAll("telegram:1:10");
    expect(() => store.resolve(a)).toThrow();
    expect(store.resolve(b)).toBe(path);
    expect(existsSync(path)).toBe(true);
    store.releaseAll("telegram:1:11");
    expect(existsSync(path)).toBe(false);
    store.releaseAll("telegram:1:11");
  });

  test("never deletes a path that any forget_only ref borrowed", () => {
    const store = createMediaStore({ dir });
    const path = file("borrowed");
    store.store(path, { cleanupPolicy: "delete_on_cleanup" }, "owned");
    store.store(path, { cleanupPolicy: "forget_only" }, "borrowed");
    store.releaseAll("owned");
    store.releaseAll("borrowed");
    expect(existsSync(path)).toBe(true);
  });

  test("cleanExpired forgets refs older than max age and is disabled by 0", () => {
    let clock = 1_000_000;
    const store = createMediaStore({ dir, now: () => clock });
    const old = store.store(file("old"), {}, "s1");
    clock += 20 * 60_000;
    const fresh = store.store(file("fresh"), {}, "s2");
    expect(store.cleanExpired(0)).toBe(0);
    expect(store.cleanExpired(10 * 60_000)).toBe(1);
    expect(() => store.resolve(old)).toThrow();
    expect(existsSync(join(dir, "old"))).toBe(false);
    expect(store.resolve(fresh)).toBe(join(dir, "fresh"));
  });

  test("storeBytes writes an owned file that keeps the extension and is deleted on release", async () => {
    const store = createMediaStore({ dir: join(dir, "owned") });
    const ref = await store.storeBytes(new TextEncoder().encode("png!"), { filename: "Plot.PNG" }, "s");
    const { path, meta } = store.resolveWithMeta(ref);
    expect(path.startsWith(join(dir, "owned"))).toBe(true);
    expect(path.endsWith(".png")).toBe(true);
    expect(readFileSync(path, "utf8")).toBe("png!");
    expect(meta).toEqual({ filename: "Plot.PNG", cleanupPolicy: "delete_on_cleanup" });
    store.releaseAll("s");
    expect(existsSync(path)).toBe(false);
    expect(store.usage()).toEqual({ bytes: 0, files: 0 });
  });

  test("storeBytes evicts the oldest owned files to stay within maxFiles and maxBytes", async () => {
    const store = createMediaStore({ dir, maxFiles: 2, maxBytes: 10 });
    const bytes = (n: number) => new Uint8Array(n);
    const first = await store.storeBytes(bytes(4), {}, "a");
    const second = await store.storeBytes(bytes(4), {}, "b");
    const firstPath = store.resolve(first);
    const third = await store.storeBytes(bytes(1), {}, "c"); // maxFiles: first goes
    expect(existsSync(firstPath)).toBe(false);
    expect(() => store.resolve(first)).toThrow();
    const secondPath = store.resolve(second);
    await store.storeBytes(bytes(10), {}, "d"); // maxBytes: second and third go
    expect(existsSync(secondPath)).toBe(false);
    expect(() => store.resolve(third)).toThrow();
    expect(store.usage()).toEqual({ bytes: 10, files: 1 });
    await expect(store.storeBytes(bytes(11), {}, "e")).rejects.toThrow("exceed");
  });

  test("concurrent storeBytes calls never exceed the bounds", async () => {
    const store = createMediaStore({ dir, maxFiles: 3 });
    const refs = await Promise.all(
      [...Array(10).keys()].map((i) => store.storeBytes(new Uint8Array(i + 1), {}, "s")),
    );
    expect(store.usage().files).toBe(3);
    expect(refs.slice(7).every((ref) => existsSync(store.resolve(ref)))).toBe(true);
  });

  test("the janitor sweeps expired refs on its interval", async () => {
    let clock = 0;
    const store = createMediaStore({ dir, now: () => clock });
    const ref = store.store(file("f"), {}, "s");
    clock = 60_000;
    const controller = new AbortController();
    const swept = Promise.withResolvers<number>();
    store.startJanitor({ maxAgeMs: 1000, intervalMs: 5, signal: controller.signal, onSweep: swept.resolve });
    expect(await swept.promise).toBe(1);
    expect(() => store.resolve(ref)).toThrow();
    controller.abort();
  });
});

/**
 * Conformance adapter for the media store (src/media/store.ts), PicoClaw's FileMediaStore tests.
 * Each vector names its scenario in prose (`op`), so the scenarios are written out here by id.
 */
import { expect } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMediaStore, type MediaStore } from "../../src/media/store.ts";
import type { ConformanceAdapter, VectorCase } from "./adapter.ts";

const MINUTE = 60_000;

interface Fixture {
  store: MediaStore;
  file(name: string): string;
  resolvable(ref: string): boolean;
  clock: { now: number };
}

type Scenario = (fx: Fixture, vector: VectorCase) => void;

const scenarios: Record<string, Scenario> = {
  "media-forget-only": ({ store, file, resolvable }) => {
    const path = file("a");
    const ref = store.store(path, { cleanupPolicy: "forget_only" }, "s");
    store.releaseAll("s");
    expect(resolvable(ref)).toBe(false);
    expect(existsSync(path)).toBe(true);
  },
  "media-shared-path": ({ store, file, resolvable }) => {
    const path = file("shared");
    const a = store.store(path, {}, "scopeA");
    const b = store.store(path, {}, "scopeB");
    store.releaseAll("scopeA");
    expect([resolvable(a), resolvable(b), existsSync(path)]).toEqual([false, true, true]);
    store.releaseAll("scopeB");
    expect(existsSync(path)).toBe(false);
  },
  "media-mixed-policy": ({ store, file }) => {
    const path = file("mixed");
    store.store(path, { cleanupPolicy: "delete_on_cleanup" }, "owned");
    store.store(path, { cleanupPolicy: "forget_only" }, "borrowed");
    store.releaseAll("owned");
    store.releaseAll("borrowed");
    expect(existsSync(path)).toBe(true);
  },
  "media-scope-isolation": ({ store, file }) => {
    const a = file("A");
    const b = file("B");
    store.store(a, {}, "scopeA");
    const refB = store.store(b, {}, "scopeB");
    store.releaseAll("scopeA");
    expect([existsSync(a), existsSync(b)]).toEqual([false, true]);
    expect(store.resolve(refB)).toBe(b);
  },
  "media-release-idempotent": ({ store, file }) => {
    expect(() => store.releaseAll("nonexistent")).not.toThrow();
    store.store(file("x"), {}, "s");
    expect(() => {
      store.releaseAll("s");
      store.releaseAll("s");
    }).not.toThrow();
  },
  "media-resolve-meta": ({ store, file }) => {
    const meta = { filename: "image.png", contentType: "image/png", source: "telegram" };
    const path = file("image.png");
    const ref = store.store(path, meta, "s");
    expect(store.resolveWithMeta(ref)).toEqual({
      path,
      meta: { ...meta, cleanupPolicy: "delete_on_cleanup" },
    });
    expect(() => store.resolveWithMeta("media://nonexistent")).toThrow();
  },
  "media-ttl-expired": ({ store, file, resolvable, clock }) => {
    const path = file("old");
    clock.now -= 20 * MINUTE;
    const ref = store.store(path, {}, "s");
    clock.now += 20 * MINUTE;
    expect(store.cleanExpired(10 * MINUTE)).toBe(1);
    expect([resolvable(ref), existsSync(path)]).toEqual([false, false]);
  },
  "media-ttl-forget-only": ({ store, file, resolvable, clock }) => {
    const path = file("borrowed");
    clock.now -= 20 * MINUTE;
    const ref = store.store(path, { cleanupPolicy: "forget_only" }, "s");
    clock.now += 20 * MINUTE;
    expect(store.cleanExpired(10 * MINUTE)).toBe(1);
    expect([resolvable(ref), existsSync(path)]).toEqual([false, true]);
  },
  "media-ttl-mixed": ({ store, file, resolvable, clock }) => {
    clock.now -= 20 * MINUTE;
    const old = store.store(file("old"), {}, "old");
    clock.now += 20 * MINUTE;
    const fresh = store.store(file("fresh"), {}, "fresh");
    expect(store.cleanExpired(10 * MINUTE)).toBe(1);
    expect([resolvable(old), resolvable(fresh)]).toEqual([false, true]);
  },
  "media-ttl-zero": ({ store, file, resolvable }) => {
    const ref = store.store(file("kept"), {}, "s");
    expect(store.cleanExpired(0)).toBe(0);
    expect(resolvable(ref)).toBe(true);
  },
};

const adapter: ConformanceAdapter = {
  groups: ["MediaStore (FileMediaStore)"],
  run(vector) {
    const scenario = scenarios[vector.id];
    if (!scenario) throw new Error(`no scenario for ${vector.id}`);
    const dir = mkdtempSync(join(tmpdir(), "picoclaw-media-conformance-"));
    const clock = { now: Date.UTC(2026, 0, 1) };
    const store = createMediaStore({ dir, now: () => clock.now });
    try {
      scenario(
        {
          store,
          clock,
          file(name) {
            const path = join(dir, name);
            writeFileSync(path, "data");
            return path;
          },
          resolvable(ref) {
            try {
              store.resolve(ref);
              return true;
            } catch {
              return false;
            }
          },
        },
        vector,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default adapter;

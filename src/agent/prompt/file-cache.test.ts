import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileCache, NOT_FRESH, readAll, reuseFor } from "./file-cache.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "file-cache-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("with recheckMs a file and a missing file are trusted for the window, then checked again", async () => {
  let clock = 1_000;
  const files = createFileCache({ recheckMs: 1000, now: () => clock });
  const soul = join(dir, "SOUL.md");
  const user = join(dir, "USER.md");
  await writeFile(soul, "first");
  expect(await files.read(soul)).toBe("first");
  expect(await files.read(user)).toBeUndefined();
  await writeFile(soul, "second!");
  await utimes(soul, new Date(), new Date(Date.now() + 5000));
  await writeFile(user, "now here");
  clock += 999;
  expect(await files.read(soul)).toBe("first");
  expect(await files.read(user)).toBeUndefined();
  clock += 1;
  expect(await files.read(soul)).toBe("second!");
  expect(await files.read(user)).toBe("now here");
});

test("peek and readAll answer from trusted entries only, as read would", async () => {
  let clock = 1_000;
  const files = createFileCache({ recheckMs: 1000, now: () => clock });
  const soul = join(dir, "SOUL.md");
  const user = join(dir, "USER.md");
  await writeFile(soul, "first");
  expect(files.peek?.(soul)).toBe(NOT_FRESH);
  expect(await readAll(files, [soul, user])).toEqual(["first", undefined]);
  expect(files.peek?.(soul)).toBe("first");
  expect(files.peek?.(user)).toBeUndefined();
  expect(readAll(files, [soul, user])).toEqual(["first", undefined]);
  clock += 1000;
  expect(files.peek?.(soul)).toBe(NOT_FRESH);
  expect(readAll(files, [soul, user])).toBeInstanceOf(Promise);
  // Without a window nothing is trusted.
  const always = createFileCache();
  await always.read(soul);
  expect(always.peek?.(soul)).toBe(NOT_FRESH);
});

test("reuseFor shares one load within the window and loads again after it, or after a failure", async () => {
  let clock = 0;
  let loads = 0;
  let fail = false;
  const get = reuseFor(
    1000,
    async () => {
      loads++;
      if (fail) throw new Error("boom");
      return loads;
    },
    () => clock,
  );
  expect(await Promise.all([get(), get()])).toEqual([1, 1]);
  clock = 999;
  expect(await get()).toBe(1);
  clock = 1000;
  fail = true;
  await expect(get()).rejects.toThrow("boom");
  fail = false;
  expect(await get()).toBe(3);
});

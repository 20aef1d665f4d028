import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atomic-write-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  test("creates missing parent directories, then replaces the file in place", async () => {
    const path = join(dir, "a", "b", "state.json");
    await writeFileAtomic(path, "one");
    await writeFileAtomic(path, "two");
    expect(await readFile(path, "utf8")).toBe("two");
    expect(await readdir(join(dir, "a", "b"))).toEqual(["state.json"]);
  });

  test("new files are private (0600) unless a mode is given", async () => {
    await writeFileAtomic(join(dir, "private"), "x");
    await writeFileAtomic(join(dir, "shared"), "x", { mode: 0o644 });
    expect((await stat(join(dir, "private"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "shared"))).mode & 0o777).toBe(0o644);
  });

  test("a failed write leaves the old file and no temp file behind", async () => {
    const path = join(dir, "kept");
    await writeFileAtomic(path, "old");
    await expect(writeFileAtomic(join(dir, "kept", "child"), "new")).rejects.toThrow();
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await readdir(dir)).toEqual(["kept"]);
  });
});

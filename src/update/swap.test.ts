import { describe, expect, test } from "bun:test";
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installBinary, restorePrevious } from "./swap.ts";

function dir() {
  const path = mkdtempSync(join(tmpdir(), "swap-"));
  return { path, done: () => rmSync(path, { recursive: true, force: true }) };
}

describe("installBinary and restorePrevious", () => {
  test("keep the old binary as .prev, swap in the new one, and leave no temp files", async () => {
    const d = dir();
    try {
      const binary = join(d.path, "picoclaw");
      writeFileSync(binary, "old");
      writeFileSync(join(d.path, "new"), "new");
      await installBinary(join(d.path, "new"), binary);
      expect(readFileSync(binary, "utf8")).toBe("new");
      expect(readFileSync(`${binary}.prev`, "utf8")).toBe("old");
      await restorePrevious(binary);
      expect(readFileSync(binary, "utf8")).toBe("old");
      expect(readdirSync(d.path).sort()).toEqual(["picoclaw", "picoclaw.prev"]);
    } finally {
      d.done();
    }
  });

  test("after a rollback (binary and .prev one file) the next update leaves no temp link behind", async () => {
    const d = dir();
    try {
      const binary = join(d.path, "picoclaw");
      writeFileSync(binary, "good");
      linkSync(binary, `${binary}.prev`);
      writeFileSync(join(d.path, "new"), "next");
      await installBinary(join(d.path, "new"), binary);
      expect(readFileSync(binary, "utf8")).toBe("next");
      expect(readFileSync(`${binary}.prev`, "utf8")).toBe("good");
      expect(readdirSync(d.path).sort()).toEqual(["picoclaw", "picoclaw.prev"]);
    } finally {
      d.done();
    }
  });
});

import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadBoards, parseBoard } from "./boards.ts";

describe("board profiles", () => {
  test("every boards/<board>/board.json is valid, with a config example and install steps", () => {
    const boards = loadBoards();
    expect(boards.map((b) => b.id)).toEqual([
      "generic-x64",
      "maixcam2",
      "raspberry-pi-3",
      "raspberry-pi-4",
      "raspberry-pi-zero-2w",
    ]);
    for (const board of boards) {
      expect(existsSync(join(import.meta.dir, board.id, "config.example.json"))).toBe(true);
      expect(existsSync(join(import.meta.dir, board.id, "README.md"))).toBe(true);
    }
  });

  test("rejects a profile with every problem named", () => {
    const result = parseBoard("bad", {
      name: "",
      binary: "picoclaw-linux-riscv64",
      arch: "arm64",
      ram_mb: 32,
      os: "x",
      budget_mb: { idle_rss: 10, load_rss: 20, load_hwm: 30 },
      systemd: { memory_max: "lots" },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const text = result.issues.join("\n");
      expect(text).toContain("bad: name");
      expect(text).toContain("bad: binary");
      expect(text).toContain("bad: ram_mb");
      expect(text).toContain("bad: systemd.memory_max");
    }
  });

  test("rejects a MemoryMax below the load high-water budget", () => {
    const result = parseBoard("tight", {
      name: "t",
      binary: "picoclaw-linux-arm64",
      arch: "arm64",
      ram_mb: 512,
      os: "x",
      budget_mb: { idle_rss: 40, load_rss: 80, load_hwm: 120 },
      systemd: { memory_max: "100M" },
    });
    expect(result).toEqual({ ok: false, issues: ["tight: systemd.memory_max is below budget_mb.load_hwm"] });
  });
});

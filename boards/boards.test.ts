import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { TARGETS } from "../bench/targets.ts";
import { loadBoards, parseBoard } from "./boards.ts";
import { BUN_BOARD_BUDGET_MB, FLOOR_MB, GOAL_BUDGET_MB, MISSED } from "./budgets.ts";

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

  test("the Bun boards' budgets are the targets applied to the floor (boards/budgets.ts); armv7 runs Node", () => {
    expect(GOAL_BUDGET_MB).toEqual({ idle_rss: 31, idle_anon: 7.8, load_hwm: 54.4, load_rss: 54.4 });
    expect(GOAL_BUDGET_MB.idle_rss).toBeLessThanOrEqual(FLOOR_MB.idleRss * TARGETS.idleRssRatio);
    expect(GOAL_BUDGET_MB.idle_anon).toBeLessThanOrEqual(FLOOR_MB.idleAnon + TARGETS.idleAnonPlusMb);
    expect(GOAL_BUDGET_MB.load_hwm).toBeLessThanOrEqual(FLOOR_MB.burstHwm * TARGETS.burstHwmRatio);
    // Only a target named in MISSED may differ from the goal, and never by more than the goal's HWM.
    for (const [key, budget] of Object.entries(BUN_BOARD_BUDGET_MB)) {
      const goal = GOAL_BUDGET_MB[key as keyof typeof GOAL_BUDGET_MB];
      if (!(key in MISSED)) expect(budget).toBe(goal);
      expect(budget).toBeLessThanOrEqual(GOAL_BUDGET_MB.load_hwm);
    }
    const boards = loadBoards();
    for (const board of boards.filter((b) => b.arch !== "armv7"))
      expect({ id: board.id, budget: board.budget_mb }).toEqual({
        id: board.id,
        budget: BUN_BOARD_BUDGET_MB,
      });
    expect(boards.find((b) => b.arch === "armv7")?.budget_mb.idle_rss).toBe(96);
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
      budget_mb: { idle_rss: 40, load_rss: 80, load_hwm: 120, idle_anon: 10 },
      env: {},
      systemd: { memory_max: "100M" },
    });
    expect(result).toEqual({ ok: false, issues: ["tight: systemd.memory_max is below budget_mb.load_hwm"] });
  });

  const valid = {
    name: "t",
    binary: "picoclaw-linux-arm64",
    arch: "arm64",
    ram_mb: 512,
    os: "x",
    budget_mb: { idle_rss: 30, load_rss: 40, load_hwm: 50, idle_anon: 9 },
    env: { BUN_OPTIONS: "--smol", BUN_JSC_forceRAMSize: "67108864", MIMALLOC_PURGE_DELAY: "0" },
    systemd: { memory_max: "192M" },
  };

  test("accepts runtime settings for JSC, Bun, mimalloc and Node", () => {
    const result = parseBoard("ok", valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.board.env["BUN_JSC_forceRAMSize"]).toBe("67108864");
  });

  test("rejects env names outside BUN_/MIMALLOC_/NODE_ and values a unit file or shell would mangle", () => {
    for (const [env, path] of [
      [{ LD_PRELOAD: "/x.so" }, "env.LD_PRELOAD"],
      [{ BUN_OPTIONS: "--smol --x" }, "env.BUN_OPTIONS"],
      [{ BUN_OPTIONS: '"--smol"' }, "env.BUN_OPTIONS"],
      [{ BUN_OPTIONS: "$HOME" }, "env.BUN_OPTIONS"],
    ] as const) {
      const result = parseBoard("env", { ...valid, env });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues.join("\n")).toContain(`env: ${path}`);
    }
  });

  test("rejects a forceRAMSize larger than the board's RAM, and an idle RssAnon budget above idle RSS", () => {
    const result = parseBoard("big", {
      ...valid,
      budget_mb: { ...valid.budget_mb, idle_anon: 31 },
      env: { BUN_JSC_forceRAMSize: String(1024 * 1024 * 1024) },
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        "big: budget_mb.idle_anon exceeds budget_mb.idle_rss",
        "big: env.BUN_JSC_forceRAMSize must be a byte count no larger than ram_mb",
      ],
    });
  });
});

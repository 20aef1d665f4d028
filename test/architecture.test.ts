/**
 * Architecture rules that review keeps asking about, enforced: source files stay under 400 lines, and
 * imports flow one way. Each top-level part of src/ may import only the parts listed below it in LAYERS
 * (lib at the bottom; compose, the composition root, and cli at the top); a concrete channel is one
 * folder that only the built-in list imports; the platform is passed in from the entry point.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const SRC = join(ROOT, "src");
const files = [...new Bun.Glob("**/*.ts").scanSync(SRC)].filter((f) => !f.endsWith(".test.ts"));

/** Project files `file` imports (static, re-exports and dynamic `import()`), relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const targets = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  return targets
    .map((target) => relative(SRC, resolve(dirname(join(SRC, file)), target)))
    .filter((target) => !target.startsWith(".."));
}

const top = (path: string) => path.split("/")[0] as string;
const edges = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const show = ({ from, to }: { from: string; to: string }) => `${from} -> ${to}`;

/**
 * The one-way layout: each part and the parts it may import (besides itself). Anything not listed,
 * including a new top-level folder, fails until it is placed here.
 */
const LAYERS: Record<string, readonly string[]> = {
  lib: [],
  bus: ["lib"],
  platform: ["lib"],
  cron: ["lib"],
  media: ["lib"],
  providers: ["lib"],
  health: ["lib"],
  identity: ["bus", "lib"],
  channels: ["bus", "identity", "lib", "media", "platform"],
  config: ["channels", "cron", "lib"],
  tools: ["bus", "cron", "lib", "media", "platform", "providers"],
  agent: ["bus", "cron", "lib", "platform", "providers", "tools"],
  gateway: ["bus", "channels", "lib", "platform"],
  reflex: ["bus", "channels", "config", "cron", "lib", "tools"],
  devicebus: ["bus", "channels", "config", "lib", "tools"],
  compose: [
    "agent",
    "bus",
    "channels",
    "config",
    "cron",
    "devicebus",
    "gateway",
    "health",
    "lib",
    "media",
    "platform",
    "providers",
    "reflex",
    "tools",
  ],
  cli: ["agent", "bus", "compose", "config", "cron", "lib", "platform", "providers"],
  "main.ts": ["cli"],
  "main-node.ts": ["cli", "platform"],
};

describe("architecture", () => {
  test("no source file is over 400 lines", () => {
    const big = files
      .map((file) => ({ file, lines: readFileSync(join(SRC, file), "utf8").split("\n").length }))
      .filter((f) => f.lines > 400);
    expect(big).toEqual([]);
  });

  test("every top-level part is placed in the layout", () => {
    expect([...new Set(files.map(top))].filter((part) => !(part in LAYERS))).toEqual([]);
  });

  test("each part imports only the parts below it (one way, no cycles)", () => {
    const bad = edges.filter(({ from, to }) => {
      if (top(from) === top(to)) return false;
      return !(LAYERS[top(from)] ?? []).includes(top(to));
    });
    expect(bad.map(show)).toEqual([]);
  });

  test("the layer table itself has no cycle", () => {
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      (LAYERS[from] ?? []).some(
        (next) => next === target || (!seen.has(next) && seen.add(next) && reaches(next, target, seen)),
      );
    expect(Object.keys(LAYERS).filter((part) => reaches(part, part))).toEqual([]);
  });

  test("channels and agent never import each other", () => {
    const bad = edges.filter(
      ({ from, to }) =>
        (top(from) === "channels" && top(to) === "agent") ||
        (top(from) === "agent" && top(to) === "channels"),
    );
    expect(bad.map(show)).toEqual([]);
  });

  /** Device features built on a channel's wire format: the only readers of a channel folder besides builtin.ts. */
  const CHANNEL_READERS: Record<string, readonly string[]> = {
    reflex: ["maixcam", "mqtt"],
    devicebus: ["mqtt"],
    compose: ["mqtt"],
  };

  test("a concrete channel is one folder: only channels/builtin.ts imports it, and it imports no other", () => {
    const folder = (path: string) => /^channels\/([^/]+)\//.exec(path)?.[1];
    const bad = edges.filter(({ from, to }) => {
      const target = folder(to);
      if (target === undefined || folder(from) === target) return false;
      if (CHANNEL_READERS[top(from)]?.includes(target)) return false;
      return from !== "channels/builtin.ts";
    });
    expect(bad.map(show)).toEqual([]);
  });

  test("config reads the channels' settings only through the built-in list", () => {
    const bad = edges.filter(
      ({ from, to }) => top(from) === "config" && top(to) === "channels" && to !== "channels/builtin.ts",
    );
    expect(bad.map(show)).toEqual([]);
  });

  test("the gateway's own behaviour (HTTP server, shutdown, PID file, web page) sees channels only as routes", () => {
    const bad = edges.filter(
      ({ from, to }) => top(from) === "gateway" && top(to) === "channels" && to !== "channels/channel.ts",
    );
    expect(bad.map(show)).toEqual([]);
  });

  test("only cli/ starts the composition root, and only the entry points run cli/", () => {
    const bad = edges.filter(
      ({ from, to }) =>
        (top(to) === "compose" && top(from) !== "compose" && top(from) !== "cli") ||
        (top(to) === "cli" && top(from) !== "cli" && !from.startsWith("main")),
    );
    expect(bad.map(show)).toEqual([]);
  });

  test("the platform is passed in: below cli/ and compose/, only its interface is imported", () => {
    const entry = (from: string) =>
      ["cli", "compose", "platform", "main.ts", "main-node.ts"].includes(top(from));
    const bad = edges.filter(
      ({ from, to }) => top(to) === "platform" && !entry(from) && to !== "platform/platform.ts",
    );
    expect(bad.map(show)).toEqual([]);
    const getter = edges.filter(
      ({ from, to }) =>
        to === "platform/index.ts" &&
        top(from) !== "cli" &&
        !from.startsWith("main") &&
        top(from) !== "platform",
    );
    expect(getter.map(show)).toEqual([]);
    const node = edges.filter(
      ({ from, to }) => to === "platform/node.ts" && from !== "main-node.ts" && top(from) !== "platform",
    );
    expect(node.map(show)).toEqual([]);
  });
});

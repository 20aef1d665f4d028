/**
 * Architecture rules that review keeps asking about, enforced: source files stay under 400 lines, and
 * imports flow one way (lib and bus depend on nothing of ours; channels and agent never import each other;
 * only the composition root knows concrete channels).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const SRC = join(ROOT, "src");
const files = [...new Bun.Glob("**/*.ts").scanSync(SRC)].filter((f) => !f.endsWith(".test.ts"));

function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const targets = [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] as string);
  return targets.map((target) => relative(SRC, resolve(dirname(join(SRC, file)), target)));
}

const top = (path: string) => path.split("/")[0] as string;

describe("architecture", () => {
  test("no source file is over 400 lines", () => {
    const big = files
      .map((file) => ({ file, lines: readFileSync(join(SRC, file), "utf8").split("\n").length }))
      .filter((f) => f.lines > 400);
    expect(big).toEqual([]);
  });

  test("lib and bus import nothing else from the project", () => {
    const bad = files
      .filter((f) => ["lib", "bus"].includes(top(f)))
      .flatMap((f) =>
        importsOf(f)
          .filter((t) => !["lib", "bus"].includes(top(t)))
          .map((t) => `${f} -> ${t}`),
      );
    expect(bad).toEqual([]);
  });

  test("channels and agent never import each other", () => {
    const bad = files.flatMap((f) =>
      importsOf(f)
        .filter(
          (t) =>
            (top(f) === "channels" && top(t) === "agent") || (top(f) === "agent" && top(t) === "channels"),
        )
        .map((t) => `${f} -> ${t}`),
    );
    expect(bad).toEqual([]);
  });

  test("the channel manager imports no concrete channel", () => {
    const concrete = /^channels\/[^/]+\//;
    const bad = ["channels/manager.ts", "channels/dispatch.ts", "channels/worker.ts"].flatMap((f) =>
      importsOf(f)
        .filter((t) => concrete.test(t))
        .map((t) => `${f} -> ${t}`),
    );
    expect(bad).toEqual([]);
  });
});

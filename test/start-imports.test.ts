/**
 * What the Bun build loads at start. Node built-ins imported statically anywhere in the bundle are
 * hoisted to its top and loaded before the gateway runs, even from code that never runs under Bun.
 * node:http, node:https, node:stream, node:net, node:child_process, node:dns and `ws` cost about 8 MB
 * of idle RSS together (measured on the compiled binary), so they must only be imported lazily.
 */
import { describe, expect, test } from "bun:test";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const HEAVY = ["http", "https", "stream", "net", "child_process", "dns", "dns/promises", "ws", "mqtt"];

describe("the Bun bundle's start-up imports", () => {
  test("no heavy Node built-in or `ws` is imported at the top of src/main.ts's bundle", async () => {
    const built = await Bun.build({
      entrypoints: [join(ROOT, "src", "main.ts")],
      target: "bun",
      format: "esm",
    });
    expect(built.success).toBe(true);
    const code = (await built.outputs[0]?.text()) ?? "";
    const hoisted = [...code.matchAll(/^import .* from "(?:node:)?([a-z_/]+)";$/gm)].map((m) => m[1]);
    expect(hoisted.length).toBeGreaterThan(0);
    expect(hoisted.filter((name) => name !== undefined && HEAVY.includes(name))).toEqual([]);
  });
});

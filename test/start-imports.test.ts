/**
 * What the Bun build loads at start. Node built-ins imported statically anywhere in the bundle are
 * hoisted to its top and loaded before the gateway runs, even from code that never runs under Bun.
 * node:http, node:https, node:stream, node:net, node:child_process, node:dns and `ws` cost about 8 MB
 * of idle RSS together (measured on the compiled binary), so they must only be imported lazily.
 * Built with --splitting (as shipped), code imported on use sits in chunks of its own: the start-up chunks
 * must hold no channel implementation and no npm package but valibot.
 */
import { describe, expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { BUILTIN_CHANNELS } from "../src/channels/builtin.ts";

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

  test("with --splitting, the start-up chunks hold only the channels' plugins and settings, and no mqtt", async () => {
    const built = await Bun.build({
      entrypoints: [join(ROOT, "src", "main.ts")],
      target: "bun",
      format: "esm",
      splitting: true,
      metafile: true,
    });
    expect(built.success).toBe(true);
    const outputs = built.metafile?.outputs ?? {};
    // The entry chunk and what it imports statically, transitively: what the gateway maps at start.
    const start = new Set<string>();
    const pending = Object.keys(outputs).filter((path) => outputs[path]?.entryPoint === "src/main.ts");
    for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
      if (start.has(path)) continue;
      start.add(path);
      for (const { path: next, kind } of outputs[path]?.imports ?? []) {
        if (kind === "import-statement" && next in outputs) pending.push(next);
      }
    }
    expect(start.size).toBeGreaterThan(0);
    const inputs = [...start].flatMap((path) => Object.keys(outputs[path]?.inputs ?? {}));
    // Small modules the gateway itself uses (device bus, reflexes, tools) besides the channels.
    const shared = ["maixcam/protocol.ts", "maixcam/go-fixed.ts", "mqtt/topics.ts", "mqtt/client-options.ts"];
    const channelCode = inputs.filter((input) => {
      const inChannel = /^src\/channels\/([a-z]+\/.+)$/.exec(input)?.[1];
      if (inChannel === undefined || !BUILTIN_CHANNELS.some((p) => inChannel.startsWith(`${p.type}/`)))
        return false;
      return !/\/(plugin|settings)\.ts$/.test(inChannel) && !shared.includes(inChannel);
    });
    expect(channelCode).toEqual([]);
    expect(
      inputs.filter(
        (input) => input.startsWith("node_modules/") && !input.startsWith("node_modules/valibot/"),
      ),
    ).toEqual([]);
    // Not vacuous: every channel's implementation and mqtt are in the build, each as a chunk of its own.
    const lazy = Object.values(outputs).map((output) => output.entryPoint);
    for (const plugin of BUILTIN_CHANNELS) expect(lazy).toContain(`src/channels/${plugin.type}/index.ts`);
    expect(lazy).toContain("node_modules/mqtt/build/index.js");
  });
});

import { describe, expect, test } from "bun:test";
import { BUILTIN_CHANNELS, loadChannelFactories } from "./builtin.ts";

describe("loadChannelFactories", () => {
  test("loads the factories of the wanted built-in types, once each, and leaves unknown types out", async () => {
    const factories = await loadChannelFactories(["pico", "maixcam", "pico", "irc"]);
    expect(factories.map(([type]) => type)).toEqual(["pico", "maixcam"]);
    for (const [, factory] of factories) expect(typeof factory).toBe("function");
  });

  test("every built-in plugin's loader returns a factory", async () => {
    const all = await loadChannelFactories(BUILTIN_CHANNELS.map((plugin) => plugin.type));
    expect(all.map(([type]) => type)).toEqual(BUILTIN_CHANNELS.map((plugin) => plugin.type));
    expect(all.every(([, factory]) => typeof factory === "function")).toBe(true);
  });
});

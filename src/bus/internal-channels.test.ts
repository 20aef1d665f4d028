import { describe, expect, test } from "bun:test";
import { isInternalChannel } from "./internal-channels.ts";

describe("isInternalChannel", () => {
  test("is true for cli, system and subagent only, matched exactly", () => {
    expect(["cli", "system", "subagent"].map(isInternalChannel)).toEqual([true, true, true]);
    expect(["pico", "CLI", " cli", "telegram"].map(isInternalChannel)).toEqual([false, false, false, false]);
  });
});

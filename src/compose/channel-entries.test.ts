import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/index.ts";
import { channelEntries } from "./channel-entries.ts";

let home = "";
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function load(channel: Record<string, unknown>) {
  home = mkdtempSync(join(tmpdir(), "entries-"));
  const path = join(home, "config.json");
  writeFileSync(path, JSON.stringify({ version: 3, channel_list: { pico: { type: "pico", ...channel } } }));
  return loadConfig({ env: { HOME: home, PICOCLAW_HOME: home }, path });
}

describe("channelEntries", () => {
  test("maps enabled channels with their policy and rate_limit, and leaves disabled ones out", async () => {
    const result = await load({
      enabled: true,
      allow_from: [123],
      rate_limit: 3,
      settings: { token: "t-123456789" },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const [entry] = channelEntries(result.config);
    expect(entry).toMatchObject({ name: "pico", type: "pico", allow_from: ["123"], rate_limit: 3 });
    const off = await load({ enabled: false, settings: { token: "t-123456789" } });
    if (!off.ok) throw new Error(JSON.stringify(off.issues));
    expect(channelEntries(off.config)).toEqual([]);
  });

  test("a negative rate_limit is a config error naming its path", async () => {
    const result = await load({ enabled: true, rate_limit: -1, settings: { token: "t-123456789" } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain("channel_list.pico.rate_limit");
  });
});

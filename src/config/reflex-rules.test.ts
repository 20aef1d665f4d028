import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "./index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function load(json: unknown) {
  const home = mkdtempSync(join(tmpdir(), "picoclaw-reflex-"));
  dirs.push(home);
  writeFileSync(join(home, "config.json"), JSON.stringify(json));
  return loadConfig({ env: { HOME: home, PICOCLAW_HOME: home }, probeOllama: async () => undefined });
}

const channels = {
  pico: { enabled: true, type: "pico", settings: { token: "t" } },
  maixcam: { enabled: true },
};

test("every reflex rule problem is reported at once, with its path", async () => {
  const result = await load({
    channel_list: channels,
    reflex: {
      rules: [
        {
          trigger: { type: "maixcam", min_score: 2 },
          action: { type: "send", channel: "pico", chat_id: "c", text: "x" },
        },
        {
          trigger: { type: "maixcam" },
          action: { type: "send", channel: "telegram", chat_id: "c", text: "x" },
        },
        {
          trigger: { type: "cron", expr: "61 * * * *" },
          action: { type: "tool", tool: "t" },
          cooldown_seconds: -1,
        },
        { trigger: { type: "mqtt", topic: "a/#" }, action: { type: "beep" } },
        { trigger: { type: "maixcam" }, action: { type: "mqtt_publish", topic: "x" }, colour: "red" },
      ],
    },
  });
  if (result.ok) throw new Error("expected problems");
  const lines = result.issues.map((i) => `${i.path}: ${i.message}`);
  const expected = [
    /^reflex\.rules\[0\]\.trigger\.min_score: expected a number from 0 to 1/,
    /^reflex\.rules\[1\]\.action\.channel: unknown channel "telegram" \(enabled channels: pico, maixcam\)/,
    /^reflex\.rules\[2\]\.trigger\.expr: /,
    /^reflex\.rules\[2\]\.cooldown_seconds: expected a number ≥ 0/,
    /^reflex\.rules\[3\]\.action\.type: expected an object with type "send", "mqtt_publish" or "tool"/,
    /^reflex\.rules\[3\]\.trigger: needs an enabled channel of type mqtt/,
    /^reflex\.rules\[4\]\.action: needs an enabled channel of type mqtt/,
    /^reflex\.rules\[4\]\.colour: unknown key/,
  ];
  for (const pattern of expected) expect(lines.some((line) => pattern.test(line))).toBe(true);
  expect(lines.filter((line) => line.startsWith("reflex."))).toHaveLength(expected.length);
});

test("a valid reflex section loads with defaults", async () => {
  const result = await load({
    channel_list: channels,
    reflex: {
      rules: [
        { trigger: { type: "maixcam" }, action: { type: "send", channel: "pico", chat_id: "c", text: "x" } },
      ],
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  expect(result.config.reflex.rules[0]).toMatchObject({ enabled: true, consume: false, cooldown_seconds: 0 });
  expect((await load({})).ok).toBe(true);
});

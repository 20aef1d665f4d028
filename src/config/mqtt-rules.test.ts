import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "./index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function load(settings: Record<string, unknown>) {
  const home = mkdtempSync(join(tmpdir(), "picoclaw-mqtt-rules-"));
  dirs.push(home);
  const mqtt = {
    enabled: true,
    type: "mqtt",
    settings: { broker: "tcp://127.0.0.1:1883", agent_id: "a", ...settings },
  };
  writeFileSync(join(home, "config.json"), JSON.stringify({ version: 3, channel_list: { mqtt } }));
  return loadConfig({ env: { HOME: home, PICOCLAW_HOME: home }, probeOllama: async () => undefined });
}

test("every device bus settings problem is reported at once, with its path", async () => {
  const result = await load({
    home_assistant: { enabled: "yes", node_id: "my node" },
    event_topics: ["home/#/x", "ok/+", "a+/b"],
    tool_commands: { tools: ["read_file", "a/b"], reply_topic: "replies/#" },
  });
  expect(result.ok).toBe(false);
  if (result.ok) return;
  const at = "channel_list.mqtt.settings";
  expect(result.issues.map((i) => i.path).sort()).toEqual(
    [
      `${at}.event_topics[0]`,
      `${at}.event_topics[2]`,
      `${at}.home_assistant.enabled`,
      `${at}.home_assistant.node_id`,
      `${at}.tool_commands.reply_topic`,
      `${at}.tool_commands.tools[1]`,
    ].sort(),
  );
  expect(result.issues.find((i) => i.path.endsWith("event_topics[0]"))?.message).toContain('"#" must be');
});

test("the device bus is off by default and good settings load", async () => {
  const result = await load({
    event_topics: ["home/+/sensor", "#"],
    tool_commands: { tools: ["read_file"] },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  expect(result.config.channel_list["mqtt"]?.settings).toMatchObject({
    home_assistant: { enabled: false, discovery_prefix: "homeassistant", node_id: "" },
    tool_commands: { tools: ["read_file"], reply_topic: "" },
  });
});

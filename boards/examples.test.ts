/** Every config example in boards/examples/ loads through the real config loader with no problem. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveRoute } from "../src/agent/routing/resolve-route.ts";
import { readMqttSettings } from "../src/channels/mqtt/settings.ts";
import { readTelegramSettings } from "../src/channels/telegram/settings.ts";
import { resolveAgentSpecs, routeConfigOf } from "../src/compose/agent-specs.ts";
import { loadConfig } from "../src/config/index.ts";

const DIR = join(import.meta.dir, "examples");

describe("config examples", () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith(".config.json"));

  test("the folder has examples", () => {
    expect(files).toContain("offline-queue.config.json");
    expect(files).toContain("mqtt-device-bus.config.json");
    expect(files).toContain("ota-update.config.json");
  });

  for (const name of files) {
    test(`${name} is a valid config`, async () => {
      const home = mkdtempSync(join(tmpdir(), "picoclaw-example-"));
      try {
        // Secrets marked [NOT_HERE] come from the environment, as a deployment would provide them.
        const env = {
          HOME: home,
          PICOCLAW_HOME: home,
          PICOCLAW_CONFIG: join(DIR, name),
          OPENAI_API_KEY: "sk-example-000000",
          PICOCLAW_CHANNELS_PICO_TOKEN: "example-token",
          PICOCLAW_CHANNELS_TELEGRAM_TOKEN: "123456:example-telegram-token",
        };
        const loaded = await loadConfig({ env, probeOllama: async () => undefined });
        if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
        expect(loaded.ok).toBe(true);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }

  test("offline-queue.config.json sets the offline_queue section as documented", async () => {
    const env = {
      HOME: tmpdir(),
      PICOCLAW_CONFIG: join(DIR, "offline-queue.config.json"),
      OPENAI_API_KEY: "sk-example-000000",
      PICOCLAW_CHANNELS_PICO_TOKEN: "example-token",
    };
    const loaded = await loadConfig({ env, probeOllama: async () => undefined });
    expect(loaded.ok && loaded.config.agents.defaults.offline_queue).toEqual({
      enabled: true,
      max_messages: 100,
      max_bytes: 1048576,
      probe_min_secs: 5,
      probe_max_secs: 300,
    });
  });

  test("remote-mcp-telegram-streaming.config.json sets MCP transports and Telegram streaming as documented", async () => {
    const env = {
      HOME: tmpdir(),
      PICOCLAW_CONFIG: join(DIR, "remote-mcp-telegram-streaming.config.json"),
      OPENAI_API_KEY: "sk-example-000000",
      PICOCLAW_CHANNELS_TELEGRAM_TOKEN: "123456:example-telegram-token",
    };
    const loaded = await loadConfig({ env, probeOllama: async () => undefined });
    if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
    const { servers } = loaded.config.tools.mcp;
    expect(servers["docs"]).toMatchObject({
      type: "http",
      headers: { Authorization: "Bearer REPLACE_WITH_YOUR_TOKEN" },
    });
    expect(servers["legacy"]).toMatchObject({ type: "sse", url: "http://192.168.1.20:8931/sse" });
    expect(servers["files"]).toMatchObject({ type: "", command: "npx" });
    const telegram = readTelegramSettings(loaded.config.channel_list["telegram"]?.settings);
    expect(telegram.streaming).toEqual({ enabled: true, throttleMs: 1000, minGrowthChars: 40 });
  });

  test("mqtt-device-bus.config.json turns on discovery, event topics and one tool command", async () => {
    const env = {
      HOME: tmpdir(),
      PICOCLAW_CONFIG: join(DIR, "mqtt-device-bus.config.json"),
      OPENAI_API_KEY: "sk-example-000000",
      PICOCLAW_CHANNELS_PICO_TOKEN: "example-token",
    };
    const loaded = await loadConfig({ env, probeOllama: async () => undefined });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const settings = readMqttSettings(loaded.config.channel_list["mqtt"]?.settings);
    expect(settings.homeAssistant).toEqual({
      enabled: true,
      discoveryPrefix: "homeassistant",
      nodeId: "kitchen",
    });
    expect(settings.eventTopics).toEqual(["home/+/motion", "zigbee2mqtt/door_sensor"]);
    expect(settings.toolCommands.tools).toEqual(["read_file"]);
    expect(loaded.config.reflex.rules).toHaveLength(2);
  });

  test("ota-update.config.json sets the update section, with defaults for what it leaves out", async () => {
    const env = {
      HOME: tmpdir(),
      PICOCLAW_CONFIG: join(DIR, "ota-update.config.json"),
      OPENAI_API_KEY: "sk-example-000000",
      PICOCLAW_CHANNELS_PICO_TOKEN: "example-token",
    };
    const loaded = await loadConfig({ env, probeOllama: async () => undefined });
    expect(loaded.ok && loaded.config.update).toEqual({
      url: "https://releases.example.org/picoclaw/latest/",
      public_key: "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=",
      ready_timeout_secs: 120,
      max_boot_attempts: 3,
      max_bytes: 268435456,
      systemd_unit: "picoclaw.service",
      restart_command: [],
    });
  });

  test("multi-agent.config.json binds the coding chat and alice to the coder agent", async () => {
    const home = mkdtempSync(join(tmpdir(), "picoclaw-example-"));
    try {
      const env = {
        HOME: home,
        PICOCLAW_CONFIG: join(DIR, "multi-agent.config.json"),
        OPENAI_API_KEY: "sk-example-000000",
        PICOCLAW_CHANNELS_PICO_TOKEN: "example-token",
      };
      const loaded = await loadConfig({ env, probeOllama: async () => undefined });
      if (!loaded.ok) throw new Error("multi-agent.config.json does not load");
      const config = loaded.config;
      const specs = await resolveAgentSpecs(config, join(home, ".picoclaw", "workspace"), env);
      expect(specs.map((s) => [s.id, s.modelName, s.workspace])).toEqual([
        ["main", "gpt", join(home, ".picoclaw", "workspace")],
        ["coder", "gpt-mini", join(home, ".picoclaw", "workspace-coder")],
      ]);
      expect(specs[1]?.skills).toEqual(["github"]);
      const route = routeConfigOf(config);
      const coding = resolveRoute(route, { channel: "pico", chatId: "pico:coding", chatType: "direct" });
      expect([coding.agentId, coding.matchedBy, coding.policy.dimensions]).toEqual([
        "coder",
        "dispatch.rule:coding-chat",
        ["chat", "sender"],
      ]);
      const alice = resolveRoute(route, { channel: "telegram", chatId: "9", senderId: "123456" });
      expect([alice.agentId, alice.policy.dimensions]).toEqual(["coder", ["chat"]]);
      const other = resolveRoute(route, { channel: "pico", chatId: "pico:other", chatType: "direct" });
      expect([other.agentId, other.matchedBy]).toEqual(["main", "default"]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

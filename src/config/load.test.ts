import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatIssues, type LoadResult, loadConfig } from "./index.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "test", "fixtures", "config");
const dirs: string[] = [];
const noOllama = async () => undefined;

function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), "picoclaw-config-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function loadJson(
  json: unknown,
  env: Record<string, string> = {},
  security?: string,
): Promise<LoadResult> {
  const home = tempHome();
  writeFileSync(join(home, "config.json"), typeof json === "string" ? json : JSON.stringify(json));
  if (security !== undefined) writeFileSync(join(home, ".security.yml"), security);
  return loadConfig({ env: { HOME: home, PICOCLAW_HOME: home, ...env }, probeOllama: noOllama });
}

function ok(result: LoadResult) {
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result;
}

function issuesOf(result: LoadResult) {
  if (result.ok) throw new Error("expected the load to fail");
  return result.issues;
}

describe("loadConfig: files", () => {
  test("accepts the reference example (all sections, _comment keys, Go-only channel types)", async () => {
    const home = tempHome();
    const result = ok(
      await loadConfig({
        env: { HOME: home },
        path: join(FIXTURES, "reference-example.json"),
        probeOllama: noOllama,
      }),
    );
    const { config } = result;
    expect(result.source).toBe("file");
    expect(config.agents.defaults.workspace).toBe(join(home, ".picoclaw", "workspace"));
    expect(config.agents.list[0]?.model).toEqual({ primary: "main-model", fallbacks: ["local"] });
    expect(config.agents.list[1]?.model).toEqual({ primary: "local", fallbacks: [] });
    const telegram = config.channel_list["telegram"];
    expect(telegram?.allow_from).toEqual(["123456789", "987654321"]);
    expect(telegram?.placeholder.text).toEqual(["Working on it..."]);
    if (telegram?.type !== "telegram") throw new Error("telegram type");
    expect(telegram.settings.token).toBe("");
    expect(telegram.settings.media_group_delay_ms).toBe(500);
    expect(config.channel_list["discord"]?.type).toBe("discord");
    expect(config.channel_list["feishu"]?.type).toBe("feishu");
    const mqtt = config.channel_list["mqtt"];
    if (mqtt?.type !== "mqtt") throw new Error("mqtt type");
    expect(mqtt.settings).toMatchObject({
      qos: 1,
      topic_prefix: "/picoclaw",
      keep_alive: 60,
      insecure_skip_verify: false,
    });
    expect(config.tools.exec.allow_remote).toBe(false);
    expect(config.model_list[0]?.api_keys).toEqual([]);
    expect(result.warnings).toContain(
      "model_list[0].api_keys is [NOT_HERE] but .security.yml has no value for it",
    );
  });

  test("lists every mistake at once with paths and hints", async () => {
    const home = tempHome();
    const result = await loadConfig({ env: { HOME: home }, path: join(FIXTURES, "three-mistakes.json") });
    expect(issuesOf(result)).toEqual([
      {
        path: "channel_list.telegram.token",
        message: "unknown key; did you mean to put it under settings? (channel_list.telegram.settings.token)",
      },
      { path: "model_list[0].model", message: "required but missing" },
      { path: "gateway.port", message: 'expected a whole number from 0 to 65535 (found "18790")' },
    ]);
  });

  test("reports unknown keys anywhere, with near-miss and version-3 hints", async () => {
    const issues = issuesOf(
      await loadJson({
        version: 3,
        channels: {},
        agents: { defaults: { model: "x" } },
        tools: { exec: { allow_remot: true } },
        channel_list: { c: { type: "nope" } },
      }),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'channels: unknown key; config version 3 calls it "channel_list"',
      'agents.defaults.model: unknown key; config version 3 calls it "model_name"',
      'tools.exec.allow_remot: unknown key; did you mean "allow_remote"?',
      expect.stringContaining("channel_list.c.type: unknown channel type; expected one of: pico, maixcam"),
    ]);
  });

  test("an enabled MCP server needs a url (http, sse) or a command (stdio)", async () => {
    const issues = issuesOf(
      await loadJson({
        version: 3,
        tools: {
          mcp: {
            enabled: true,
            servers: {
              remote: { enabled: true, type: "http", headers: { Authorization: "Bearer x" } },
              local: { enabled: true, type: "stdio" },
              vague: { enabled: true },
              off: { enabled: false, type: "sse" },
              fine: { enabled: true, type: "sse", url: "http://127.0.0.1:9/sse" },
            },
          },
        },
      }),
    );
    expect(issues.filter((i) => i.path.startsWith("tools.mcp"))).toEqual([
      {
        path: "tools.mcp.servers.remote.url",
        message: 'expected the server\'s URL (required for type "http")',
      },
      {
        path: "tools.mcp.servers.local.command",
        message: 'expected the command to start (required for type "stdio")',
      },
      {
        path: "tools.mcp.servers.vague",
        message: 'expected "url" (a remote server) or "command" (a local one)',
      },
    ]);
  });

  test("an enabled channel needs its credentials; pico is a singleton", async () => {
    const issues = issuesOf(
      await loadJson({
        version: 3,
        channel_list: {
          telegram: { enabled: true },
          pico: { enabled: true, settings: { token: "a" } },
          pico2: { enabled: true, type: "pico", settings: { token: "b" } },
        },
      }),
    );
    expect(issues).toContainEqual({
      path: "channel_list.telegram.settings.token",
      message: "expected a non-empty string (required while the channel is enabled)",
    });
    expect(issues.some((i) => i.path === "channel_list.pico2" && i.message.includes('only one "pico"'))).toBe(
      true,
    );
  });

  test("malformed JSON reports line and column", async () => {
    const home = tempHome();
    const issues = issuesOf(
      await loadConfig({ env: { HOME: home }, path: join(FIXTURES, "malformed.json.txt") }),
    );
    expect(issues[0]?.message).toStartWith("invalid JSON at line 3, column 31:");
  });

  test("a file of 10 bytes or fewer means defaults, with a warning; the file is untouched", async () => {
    const home = tempHome();
    const file = join(home, "config.json");
    writeFileSync(file, "{}\n");
    const result = ok(
      await loadConfig({ env: { HOME: home, PICOCLAW_CONFIG: file }, probeOllama: noOllama }),
    );
    expect(result.source).toBe("builtin");
    expect(result.warnings[0]).toContain("holds 3 bytes");
    expect(readFileSync(file, "utf8")).toBe("{}\n");
  });
});

describe("loadConfig: migration", () => {
  test("version 1 moves channels, mention_only, api_key and model; stale settings only warn", async () => {
    const home = tempHome();
    const source = join(FIXTURES, "legacy-v1.json");
    const before = readFileSync(source, "utf8");
    const result = ok(await loadConfig({ env: { HOME: home }, path: source }));
    const telegram = result.config.channel_list["telegram"];
    if (telegram?.type !== "telegram") throw new Error("telegram type");
    expect(telegram.settings.token).toBe("111:legacy");
    expect(telegram.group_trigger.mention_only).toBe(true);
    expect(telegram.placeholder.text).toEqual(["Thinking..."]);
    expect(telegram.allow_from).toEqual(["42"]);
    expect(result.config.channel_list["onebot"]?.group_trigger.prefixes).toEqual(["!"]);
    expect(result.config.model_list[0]?.api_keys).toEqual(["k1"]);
    expect(result.config.agents.defaults).toMatchObject({
      model_name: "local",
      max_tokens: 8192,
      max_tool_iterations: 20,
    });
    expect(result.warnings).toContain("channel_list.telegram.settings.bot_token: ignored (unknown key)");
    expect(readFileSync(source, "utf8")).toBe(before);
  });

  test("version 2 keeps discord's mention_only as a setting", async () => {
    const home = tempHome();
    const result = ok(await loadConfig({ env: { HOME: home }, path: join(FIXTURES, "legacy-v2.json") }));
    const discord = result.config.channel_list["discord"];
    if (discord?.type !== "discord") throw new Error("discord type");
    expect(discord.settings).toMatchObject({ token: "d-token", mention_only: true });
    expect(result.warnings.some((w) => w.includes("MaixCam listens on 0.0.0.0 without a token"))).toBe(true);
  });
});

describe("loadConfig: .security.yml and env", () => {
  const base = {
    version: 3,
    model_list: [
      { model_name: "m", model: "openai/x", api_keys: "[NOT_HERE]" },
      { model_name: "m", model: "openai/y", api_keys: ["[NOT_HERE]"] },
    ],
    channel_list: {
      bot: { enabled: true, type: "telegram", settings: { token: "[NOT_HERE]" } },
      mq: { enabled: true, type: "mqtt", settings: { broker: "tcp://127.0.0.1:1883", agent_id: "a" } },
    },
  };

  test("secrets replace [NOT_HERE], by name and name:index, plaintext and file://", async () => {
    const home = tempHome();
    writeFileSync(join(home, "token.txt"), "999:file-token\n");
    writeFileSync(join(home, "config.json"), JSON.stringify(base));
    writeFileSync(
      join(home, ".security.yml"),
      "model_list:\n  m:\n    api_keys: [sk-first]\n  m:1:\n    api_keys:\n      - sk-second\nchannel_list:\n  bot:\n    settings:\n      token: file://token.txt\n  mq:\n    settings:\n      password: 12345\n",
    );
    const result = ok(await loadConfig({ env: { HOME: home, PICOCLAW_HOME: home } }));
    expect(result.config.model_list.map((m) => m.api_keys)).toEqual([["sk-first"], ["sk-second"]]);
    const bot = result.config.channel_list["bot"];
    const mq = result.config.channel_list["mq"];
    if (bot?.type !== "telegram" || mq?.type !== "mqtt") throw new Error("types");
    expect(bot.settings.token).toBe("999:file-token");
    expect(mq.settings.password).toBe("12345");
  });

  test("env wins over file and secrets; channel env hits every channel of the type", async () => {
    const result = ok(
      await loadJson(
        { ...base, channel_list: { ...base.channel_list, bot2: { type: "telegram", settings: {} } } },
        {
          PICOCLAW_CHANNELS_TELEGRAM_TOKEN: "env-token",
          PICOCLAW_CHANNELS_TELEGRAM_STREAMING_ENABLED: "true",
          PICOCLAW_GATEWAY_HOST: " [::1] , 127.0.0.1 , ::1 ",
          PICOCLAW_GATEWAY_PORT: "19000",
          PICOCLAW_LOG_LEVEL: "DEBUG",
          PICOCLAW_AGENTS_DEFAULTS_MODEL_NAME: "m",
          PICOCLAW_AGENTS_DEFAULTS_MODEL_FALLBACKS: "a，b, c",
          PICOCLAW_HEARTBEAT_INTERVAL: "2",
          PICOCLAW_TOOLS_EXEC_ENABLED: "false",
        },
        "channel_list:\n  bot:\n    settings:\n      token: yml-token\n",
      ),
    );
    const { config } = result;
    for (const name of ["bot", "bot2"]) {
      const channel = config.channel_list[name];
      if (channel?.type !== "telegram") throw new Error("type");
      expect(channel.settings.token).toBe("env-token");
      expect(channel.settings.streaming.enabled).toBe(true);
    }
    expect(config.gateway).toMatchObject({ host: "::1,127.0.0.1", port: 19000, log_level: "debug" });
    expect(config.agents.defaults.model_name).toBe("m");
    expect(config.agents.defaults.model_fallbacks).toEqual(["a", "b", "c"]);
    expect(config.heartbeat.interval).toBe(5);
    expect(config.tools.exec.enabled).toBe(false);
  });

  test("bad env values are issues naming the variable", async () => {
    const issues = issuesOf(
      await loadJson(base, {
        PICOCLAW_GATEWAY_PORT: "eighty",
        PICOCLAW_HEARTBEAT_ENABLED: "yes",
        PICOCLAW_GATEWAY_HOST: "127.0.0.1, ",
        PICOCLAW_CHANNELS_MQTT_QOS: "7",
        PICOCLAW_CHANNELS_TELEGRAM_TOKEN: "t",
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "PICOCLAW_GATEWAY_PORT", message: 'expected a number (found "eighty")' },
        { path: "PICOCLAW_HEARTBEAT_ENABLED", message: 'expected true or false (found "yes")' },
        { path: "PICOCLAW_GATEWAY_HOST", message: "host list contains an empty entry" },
        {
          path: "channel_list.mq.settings.qos",
          message: "expected a whole number from 0 to 2 (found 7) (set by PICOCLAW_CHANNELS_MQTT_QOS)",
        },
      ]),
    );
  });

  test("a broken .security.yml is reported with its line", async () => {
    const issues = issuesOf(
      await loadJson(base, { PICOCLAW_CHANNELS_TELEGRAM_TOKEN: "t" }, "model_list:\n\tm: x\n"),
    );
    expect(issues).toContainEqual({
      path: ".security.yml",
      message: "line 2: tabs are not allowed for indentation",
    });
  });
});

describe("loadConfig: built-in default", () => {
  test("pico token is generated once (mode 600) and reused; maixcam has its own port", async () => {
    const home = tempHome();
    const env = { HOME: home, PICOCLAW_HOME: home };
    const first = ok(await loadConfig({ env, probeOllama: noOllama }));
    const second = ok(await loadConfig({ env, probeOllama: noOllama }));
    const pico = first.config.channel_list["pico"];
    const maixcam = first.config.channel_list["maixcam"];
    if (pico?.type !== "pico" || maixcam?.type !== "maixcam") throw new Error("types");
    expect(pico.enabled && maixcam.enabled).toBe(true);
    expect(pico.settings.token.length).toBeGreaterThanOrEqual(32);
    expect(second.config.channel_list["pico"]).toEqual(pico);
    expect(statSync(join(home, "pico.token")).mode & 0o777).toBe(0o600);
    expect(maixcam.settings).toMatchObject({ host: "127.0.0.1", port: 18791 });
    expect(first.config.gateway).toMatchObject({ host: "127.0.0.1", port: 18790 });
    expect(first.config.agents.defaults.workspace).toBe(join(home, "workspace"));
    expect(first.config.model_list).toEqual([]);
    expect(first.config.agents.defaults.model_name).toBe("");
  });

  test("model comes from OPENAI_API_KEY (+ base URL), else ANTHROPIC_API_KEY, else Ollama", async () => {
    const home = tempHome();
    const probed: string[] = [];
    const probe = async (url: string) => {
      probed.push(url);
      return "tiny:1b";
    };
    const openai = ok(
      await loadConfig({
        env: {
          HOME: home,
          PICOCLAW_HOME: home,
          OPENAI_API_KEY: "sk-o",
          OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
        },
        probeOllama: probe,
      }),
    );
    expect(openai.config.model_list[0]).toMatchObject({
      provider: "openai",
      api_keys: ["sk-o"],
      api_base: "http://127.0.0.1:9/v1",
    });
    const anthropic = ok(
      await loadConfig({
        env: { HOME: home, PICOCLAW_HOME: home, ANTHROPIC_API_KEY: "sk-a" },
        probeOllama: probe,
      }),
    );
    expect(anthropic.config.model_list[0]).toMatchObject({ provider: "anthropic", api_keys: ["sk-a"] });
    expect(probed).toEqual([]);
    const ollama = ok(await loadConfig({ env: { HOME: home, PICOCLAW_HOME: home }, probeOllama: probe }));
    expect(ollama.config.model_list[0]).toMatchObject({
      provider: "ollama",
      model: "tiny:1b",
      api_base: "http://127.0.0.1:11434/v1",
    });
    expect(ollama.config.agents.defaults.model_name).toBe("tiny:1b");
    expect(probed).toEqual(["http://127.0.0.1:11434"]);
  });
});

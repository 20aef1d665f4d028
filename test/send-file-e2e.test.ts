/**
 * Scenario: the model calls `send_file` on a workspace PNG and the Telegram fake receives it as a
 * sendPhoto. Once in process (config → agent runtime → bus → real ChannelManager → Telegram channel,
 * with the multipart body captured to compare bytes), once as `picoclaw gateway` itself.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../src/bus/bus.ts";
import { ChannelManager } from "../src/channels/manager.ts";
import { createChannelRegistry } from "../src/channels/registry.ts";
import { createTelegramChannel } from "../src/channels/telegram/index.ts";
import { createAgentRuntime } from "../src/compose/agent-runtime.ts";
import { channelEntries } from "../src/compose/channel-entries.ts";
import { formatIssues, loadConfig } from "../src/config/index.ts";
import { createMediaStore } from "../src/media/store.ts";
import { bunPlatform } from "../src/platform/bun.ts";
import { startFakeOpenAI } from "./fakes/openai-server.ts";
import { type FakeTelegram, startFakeTelegram } from "./fakes/telegram-bot-api.ts";
import { freePort } from "./helpers/free-port.ts";
import { startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A small but real PNG signature plus payload; the bytes are what matters. */
const PNG = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...Array.from({ length: 300 }, (_, i) => i % 251),
]);

/** A fake LLM that calls send_file once, then answers in text; and a fake Telegram. */
async function fakes() {
  const llm = startFakeOpenAI({
    steps: [
      { kind: "tools", calls: [{ name: "send_file", arguments: { path: "charts/chart.png" } }] },
      { kind: "text", text: "Here is your chart." },
    ],
  });
  cleanups.push(() => llm.stop());
  const telegram = await startFakeTelegram({ maxHoldMs: 200 });
  cleanups.push(() => telegram.stop());
  return { llm, telegram };
}

/** A PICOCLAW_HOME whose workspace holds charts/chart.png, and a config for the fakes. */
function homeWith(llmUrl: string, telegram: FakeTelegram, gatewayPort: number, maixcamPort: number) {
  const home = mkdtempSync(join(tmpdir(), "send-file-e2e-"));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, "workspace", "charts"), { recursive: true });
  writeFileSync(join(home, "workspace", "charts", "chart.png"), PNG);
  const config = testConfig({
    llmUrl,
    gatewayPort,
    maixcamPort,
    token: "send-file-token-0123456789",
    extraChannels: {
      telegram: {
        enabled: true,
        type: "telegram",
        allow_from: ["*"],
        settings: { token: telegram.token, base_url: telegram.baseUrl },
      },
    },
  });
  writeFileSync(join(home, "config.json"), JSON.stringify(config));
  return home;
}

const photoOf = (telegram: FakeTelegram) =>
  telegram.waitForCall((call) => call.method === "sendPhoto", 15_000);

describe("send_file end to end", () => {
  test("in process: the model's send_file reaches Telegram as a sendPhoto with the file's bytes", async () => {
    const { llm, telegram } = await fakes();
    const home = homeWith(llm.url, telegram, 1, 2); // ports unused: only Telegram runs here
    const loaded = await loadConfig({
      env: { HOME: home, PICOCLAW_HOME: home },
      probeOllama: async () => undefined,
    });
    if (!loaded.ok) throw new Error(formatIssues(loaded.issues));
    const config = loaded.config;
    const bus = new MessageBus();
    const media = createMediaStore({ dir: join(home, "media") });
    const agent = await createAgentRuntime({
      config,
      bus,
      platform: bunPlatform,
      env: { HOME: home, PICOCLAW_HOME: home },
      media,
    });
    expect(agent.tools.definitions().map((d) => d.name)).toContain("send_file");

    // What the channel put on the wire, read from the multipart body before it leaves.
    const uploaded: { filename: string; bytes: Uint8Array }[] = [];
    const capture = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith("/sendPhoto") && init?.body instanceof FormData) {
        const photo = init.body.get("photo");
        if (photo instanceof File)
          uploaded.push({ filename: photo.name, bytes: new Uint8Array(await photo.arrayBuffer()) });
      }
      return fetch(input, init);
    }) as typeof fetch;
    const registry = createChannelRegistry([
      [
        "telegram",
        (entry, deps) => createTelegramChannel(entry, deps, { fetch: capture, pollTimeoutSeconds: 1 }),
      ],
    ]);
    const manager = new ChannelManager({
      entries: channelEntries(config).filter((e) => e.type === "telegram"),
      registry,
      bus,
      platform: bunPlatform,
      dataDir: home,
      media,
      maxMediaBytes: config.agents.defaults.max_media_size,
    });
    const root = new AbortController();
    const loop = agent.loop.run(root.signal);
    await manager.start();
    cleanups.push(async () => {
      manager.stopInbound();
      bus.close();
      root.abort();
      await loop.catch(() => {});
      await manager.drain(2000);
      await manager.stop();
    });

    telegram.pushMessage({ chatId: 4242, fromId: 4242, text: "send me the chart" });
    const photo = await photoOf(telegram);
    expect(photo.params["chat_id"]).toBe(4242);
    expect(photo.params["photo"]).toMatchObject({
      filename: "chart.png",
      size: PNG.byteLength,
      type: "image/png",
    });
    expect(uploaded).toEqual([{ filename: "chart.png", bytes: PNG }]);
    await telegram.waitForCall(
      (call) => call.method === "sendMessage" && call.params["text"] === "Here is your chart.",
    );
    const toolTurn = llm.requests[1]?.body as { messages: { role: string; content: string }[] };
    expect(toolTurn.messages.at(-1)).toMatchObject({ role: "tool" });
    expect(toolTurn.messages.at(-1)?.content).toContain('File "chart.png"');
  });

  test("picoclaw gateway: send_file is registered with the gateway's media store and delivers the photo", async () => {
    const { llm, telegram } = await fakes();
    const home = homeWith(llm.url, telegram, await freePort(), await freePort());
    const gateway = await startGatewayProcess({ home });
    cleanups.push(async () => {
      await gateway.stop();
    });
    telegram.pushMessage({ chatId: 77, fromId: 77, text: "chart please" });
    const photo = await photoOf(telegram);
    expect(photo.params["chat_id"]).toBe(77);
    expect(photo.params["photo"]).toMatchObject({
      filename: "chart.png",
      size: PNG.byteLength,
      type: "image/png",
    });
    await telegram.waitForCall(
      (call) => call.method === "sendMessage" && call.params["text"] === "Here is your chart.",
    );
    // The workspace file is the user's: the store sent a copy and left it in place.
    expect(await Bun.file(join(home, "workspace", "charts", "chart.png")).bytes()).toEqual(PNG);
  });
});

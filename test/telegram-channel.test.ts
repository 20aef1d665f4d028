/**
 * Telegram end to end: the real ChannelManager and MessageBus, a stub agent that answers every inbound
 * message, and the fake Bot API server. Timing claims use the times the fake recorded.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InboundMessage } from "../src/bus/message.ts";
import type { ChannelEntry } from "../src/channels/registry.ts";
import {
  CONFLICT_MESSAGE,
  createTelegramChannel,
  type TelegramChannel,
} from "../src/channels/telegram/index.ts";
import { setLogLevel, setLogSink } from "../src/lib/logger.ts";
import { type FakeTelegram, startFakeTelegram } from "./fakes/telegram-bot-api.ts";
import { type ChannelHarness, startChannelHarness } from "./helpers/channel-harness.ts";

interface Gateway extends ChannelHarness<TelegramChannel> {
  checks: { ok: boolean; message?: string | undefined }[];
  /** Resolves when the manager reports the channel's health as `ok`. */
  health(ok: boolean): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pico-tg-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function fakeTelegram(maxHoldMs = 5000): Promise<FakeTelegram> {
  const fake = await startFakeTelegram({ maxHoldMs });
  cleanups.push(() => fake.stop());
  return fake;
}

function entry(fake: FakeTelegram, overrides: Partial<ChannelEntry> = {}): ChannelEntry {
  return {
    name: "telegram",
    type: "telegram",
    settings: { token: fake.token, base_url: fake.baseUrl },
    allow_from: ["*"],
    group_trigger: {},
    typing: { enabled: false },
    placeholder: { enabled: false },
    ...overrides,
  };
}

/** Starts manager + stub agent; the agent answers `reply(content)` in the same chat and topic. */
async function startGateway(
  channelEntry: ChannelEntry,
  dataDir: string,
  reply: (m: InboundMessage) => string = (m) => `echo: ${m.content}`,
): Promise<Gateway> {
  const checks: Gateway["checks"] = [];
  const checkWaiters = new Set<() => void>();
  const harness = await startChannelHarness({
    entry: channelEntry,
    factory: (e, deps) =>
      createTelegramChannel(e, deps, { backoff: { baseMs: 10, maxMs: 50 }, pollTimeoutSeconds: 5 }),
    dataDir,
    media: true,
    abortAgentFirst: true,
    reply: (m) => {
      const { channel, chatId, topicId } = m.context;
      return { context: { channel, chatId, topicId }, content: reply(m) };
    },
    manager: {
      health: {
        setCheck(_name, ok, message) {
          checks.push({ ok, message });
          for (const wake of [...checkWaiters]) wake();
        },
      },
      janitorIntervalMs: 10,
      rateLimits: { telegram: 1000 },
    },
  });
  cleanups.push(harness.stop);
  return {
    ...harness,
    checks,
    health: (ok) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (checks.at(-1)?.ok !== ok) return;
          clearTimeout(timer);
          checkWaiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => reject(new Error(`health never became ${ok}`)), 5000);
        checkWaiters.add(check);
        check();
      }),
  };
}

const sends = (fake: FakeTelegram) => fake.callsTo("sendMessage");

describe("telegram channel with the real manager", () => {
  test("a message gets exactly one reply: the placeholder edited into the escaped HTML answer", async () => {
    const fake = await fakeTelegram();
    const dir = await tempDir();
    const config = entry(fake, {
      placeholder: { enabled: true, text: "Thinking..." },
      typing: { enabled: true },
    });
    const gateway = await startGateway(config, dir, () => "**Hello** <you> & co");
    fake.pushMessage({ chatId: 42, text: "hi <b> & </i>" });

    await fake.waitForCall((c) => c.method === "editMessageText");
    expect(gateway.inbound[0]?.content).toBe("hi <b> & </i>");
    expect(gateway.inbound[0]?.context.senderId).toBe("telegram:42");
    expect(gateway.inbound[0]?.sender?.username).toBe("ada");
    expect(fake.callsTo("sendChatAction")[0]?.params).toMatchObject({ chat_id: 42, action: "typing" });
    expect(sends(fake)).toHaveLength(1);
    expect(fake.chat(42)).toEqual([
      expect.objectContaining({ text: "<b>Hello</b> &lt;you&gt; &amp; co", parseMode: "HTML" }),
    ]);
  });

  test("a dropped connection, a 500 and a malformed body are survived and the next message is answered", async () => {
    const fake = await fakeTelegram();
    const gateway = await startGateway(entry(fake), await tempDir());
    await fake.waitForCall((c) => c.method === "getUpdates");
    fake.failNext("getUpdates", "drop");
    fake.failNext("getUpdates", { code: 500, description: "Internal Server Error" });
    fake.failNext("getUpdates", "malformed");
    // Release the held poll; the next three polls meet the scripted failures, the fifth is healthy.
    fake.pushUpdate({ edited_message: {} });
    await fake.waitForCall((c) => c.method === "getUpdates" && fake.callsTo("getUpdates").length >= 5);
    fake.pushMessage({ chatId: 5, text: "still there?" });

    await fake.waitForCall((c) => c.method === "sendMessage");
    expect(gateway.inbound.map((m) => m.content)).toEqual(["still there?"]);
    expect(fake.chat(5).map((m) => m.text)).toEqual(["echo: still there?"]);
    expect(gateway.manager.channel("telegram")?.isReady()).toBe(true);
  });

  test("a 429 on sendMessage is retried after retry_after, as the fake recorded", async () => {
    const fake = await fakeTelegram();
    await startGateway(entry(fake), await tempDir());
    fake.failNext("sendMessage", {
      code: 429,
      description: "Too Many Requests: retry after 1",
      retryAfter: 1,
    });
    fake.pushMessage({ chatId: 9, text: "busy?" });

    await fake.waitForCall((c) => c.method === "sendMessage" && sends(fake).length === 2, 5000);
    const [first, second] = sends(fake);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(fake.chat(9).map((m) => m.text)).toEqual(["echo: busy?"]);
  });

  test("a malformed update is logged and skipped, and the next one is answered", async () => {
    const fake = await fakeTelegram();
    const lines: string[] = [];
    const restore = setLogSink((line) => lines.push(line));
    setLogLevel("warn");
    cleanups.push(async () => {
      setLogLevel("error");
      restore();
    });
    const gateway = await startGateway(entry(fake), await tempDir());
    fake.pushUpdate({ message: { message_id: 1, chat: "not a chat" } });
    fake.pushMessage({ chatId: 11, text: "valid" });

    await fake.waitForCall((c) => c.method === "sendMessage");
    expect(gateway.inbound.map((m) => m.content)).toEqual(["valid"]);
    expect(fake.chat(11).map((m) => m.text)).toEqual(["echo: valid"]);
    expect(lines.filter((l) => l.includes("malformed telegram update skipped"))).toHaveLength(1);
  });

  test("a 409 Conflict is logged clearly and turns readiness false until polling works again", async () => {
    const fake = await fakeTelegram(50);
    const lines: string[] = [];
    const restore = setLogSink((line) => lines.push(line));
    cleanups.push(async () => restore());
    const conflict =
      "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
    fake.failAlways("getUpdates", { code: 409, description: conflict });
    const gateway = await startGateway(entry(fake), await tempDir());
    const channel = gateway.manager.channel("telegram");

    await gateway.health(false);
    await fake.waitForCall((c) => c.method === "getUpdates" && fake.callsTo("getUpdates").length >= 3);
    expect(channel?.isReady()).toBe(false);
    expect(lines.filter((l) => l.includes(CONFLICT_MESSAGE))).toHaveLength(1);

    fake.failAlways("getUpdates", undefined);
    await gateway.health(true);
    expect(channel?.isReady()).toBe(true);
  });

  test("the poll offset survives a restart: nothing is processed twice", async () => {
    const fake = await fakeTelegram();
    const dir = await tempDir();
    const first = await startGateway(entry(fake), dir);
    const idA = fake.pushMessage({ chatId: 3, text: "A" });
    await fake.waitForCall((c) => c.method === "sendMessage");
    // The poll after a batch carries the saved offset, so once it is seen the file is written.
    await fake.waitForCall((c) => c.method === "getUpdates" && c.params["offset"] === idA + 1);
    expect(await readOffset(dir)).toBe(idA + 1);
    await first.stop();

    // As if Telegram never saw the confirming poll: A is still queued when the gateway comes back.
    fake.pushUpdate({
      update_id: idA,
      message: {
        message_id: 1,
        chat: { id: 3, type: "private" },
        from: { id: 42, is_bot: false, first_name: "Ada" },
        text: "A",
      },
    });
    fake.pushMessage({ chatId: 3, text: "B" });
    const polls = fake.callsTo("getUpdates").length;
    const second = await startGateway(entry(fake), dir);

    await fake.waitForCall((c) => c.method === "sendMessage" && sends(fake).length === 2);
    expect(second.inbound.map((m) => m.content)).toEqual(["B"]);
    expect(fake.callsTo("getUpdates")[polls]?.params["offset"]).toBe(idA + 1);
    expect(fake.chat(3).map((m) => m.text)).toEqual(["echo: A", "echo: B"]);
  });
});

async function readOffset(dir: string): Promise<number | undefined> {
  try {
    const raw = JSON.parse(await readFile(join(dir, "channels", "telegram", "telegram-offset.json"), "utf8"));
    return typeof raw.offset === "number" ? raw.offset : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scenario: the Slack channel under the real ChannelManager and MessageBus, a stub agent that echoes, and
 * a local fake of Slack's Web API + Socket Mode.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { ChannelEntry } from "../src/channels/registry.ts";
import { PermanentSendError } from "../src/channels/send-error.ts";
import { createSlackChannel } from "../src/channels/slack/index.ts";
import { createLogger } from "../src/lib/logger.ts";
import { bunPlatform } from "../src/platform/bun.ts";
import { type FakeSlack, startFakeSlack } from "./fakes/slack.ts";
import { captureWarnings } from "./helpers/capture-warnings.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FAST = { minDelayMs: 20, maxDelayMs: 100 };

function entryFor(fake: FakeSlack, placeholder: boolean): ChannelEntry {
  return {
    name: "slack",
    type: "slack",
    settings: { bot_token: fake.botToken, app_token: fake.appToken, base_url: fake.apiBase },
    allow_from: [],
    group_trigger: {},
    typing: { enabled: false },
    placeholder: { enabled: placeholder },
  };
}

/** Fake Slack + manager + echoing agent; returns what the agent saw. */
async function startScenario(placeholder = true) {
  const fake = startFakeSlack();
  cleanups.push(() => fake.stop());
  const harness = await startChannelHarness({
    entry: entryFor(fake, placeholder),
    factory: (entry, deps) => createSlackChannel(entry, deps, { timing: FAST }),
  });
  cleanups.push(harness.stop);
  const { manager, inbound: seen, channel } = harness;
  await fake.until(() => channel?.isReady() === true);
  return { fake, manager, seen, channel };
}

const dm = (text: string, ts: string) => ({ type: "message", user: "U1", text, channel: "D1", ts });

describe("Slack channel", () => {
  test("a DM is acked and answered once, by editing the placeholder with chat.update", async () => {
    const { fake, seen } = await startScenario(true);
    const envelopeId = fake.sendEvent(dm("hi there", "100.1"));
    await fake.until(() => fake.callsOf("reactions.add").length === 1);
    expect(fake.acks).toContain(envelopeId);
    const posts = fake.callsOf("chat.postMessage");
    expect(posts.map((c) => c.body["text"])).toEqual(["Thinking..."]);
    const updates = fake.callsOf("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body).toMatchObject({ channel: "D1", text: "echo: hi there" });
    expect(updates[0]?.body["ts"]).toMatch(/^1700000000\./);
    expect(fake.callsOf("reactions.add")[0]?.body).toMatchObject({ channel: "D1", timestamp: "100.1" });
    expect(seen[0]?.context).toMatchObject({ chatId: "D1", senderId: "slack:U1", chatType: "direct" });
    expect(seen[0]?.sender?.canonicalId).toBe("slack:U1");
  });

  test("a channel mention is answered once, in a thread, and its message twin is ignored", async () => {
    const { fake, seen } = await startScenario(false);
    fake.sendEvent({ type: "message", user: "U2", text: "<@UBOT> hello", channel: "C1", ts: "200.2" });
    fake.sendEvent({ type: "app_mention", user: "U2", text: "<@UBOT> hello", channel: "C1", ts: "200.2" });
    await fake.until(() => fake.callsOf("reactions.add").length === 1);
    const posts = fake.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: "C1", thread_ts: "200.2", text: "echo: hello" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.context.mentioned).toBe(true);
  });

  test("a disconnect envelope and a dropped socket are both followed by a new connection", async () => {
    const { fake, channel } = await startScenario(false);
    fake.sendDisconnect();
    await fake.until(() => fake.connections === 2 && channel?.isReady() === true);
    fake.sendEvent(dm("after refresh", "300.1"));
    await fake.until(() => fake.callsOf("chat.postMessage").length === 1);
    fake.dropSocket();
    await fake.until(() => fake.connections === 3 && channel?.isReady() === true);
    fake.sendEvent(dm("after drop", "300.2"));
    await fake.until(() => fake.callsOf("chat.postMessage").length === 2);
    expect(fake.callsOf("chat.postMessage").map((c) => c.body["text"])).toEqual([
      "echo: after refresh",
      "echo: after drop",
    ]);
    expect(fake.callsOf("apps.connections.open")).toHaveLength(3);
  });

  test("a 429 from chat.postMessage is retried after Retry-After, and delivered once", async () => {
    const { fake } = await startScenario(false);
    fake.rateLimitNext("chat.postMessage", 1);
    fake.sendEvent(dm("slow down", "400.1"));
    await fake.until(() => fake.callsOf("chat.postMessage").length === 2, 5000);
    const [limited, retried] = fake.callsOf("chat.postMessage");
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried?.body["text"]).toBe("echo: slow down");
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test("malformed envelopes and bot messages are dropped with a log line; the next message is answered", async () => {
    const { fake, seen } = await startScenario(false);
    const lines = captureWarnings(cleanups);
    fake.sendRaw("{not json");
    fake.sendRaw(JSON.stringify({ envelope_id: "env-bad", type: "events_api" }));
    fake.sendEvent({
      type: "message",
      bot_id: "B1",
      user: "U9",
      text: "I am a bot",
      channel: "D1",
      ts: "500.1",
    });
    fake.sendEvent({ type: "message", subtype: "message_changed", channel: "D1", ts: "500.2" });
    fake.sendEvent(dm("real question", "500.3"));
    await fake.until(() => fake.callsOf("chat.postMessage").length === 1);
    expect(fake.callsOf("chat.postMessage")[0]?.body["text"]).toBe("echo: real question");
    expect(fake.acks).toContain("env-bad");
    expect(lines.filter((l) => l.includes("malformed Socket Mode frame ignored"))).toHaveLength(2);
    expect(seen.map((m) => m.content)).toEqual(["real question"]);
  });

  test("a slash command reaches the agent; empty text becomes help", async () => {
    const { fake, seen } = await startScenario(false);
    fake.sendSlashCommand({ command: "/pico", text: "", user_id: "U3", channel_id: "C7", trigger_id: "tr" });
    await fake.until(() => fake.callsOf("chat.postMessage").length === 1);
    expect(seen[0]?.content).toBe("help");
    expect(fake.callsOf("chat.postMessage")[0]?.body).toMatchObject({ channel: "C7", text: "echo: help" });
  });

  test("start fails on a revoked bot token", async () => {
    const fake = startFakeSlack();
    cleanups.push(() => fake.stop());
    const entry = entryFor(fake, false);
    const channel = createSlackChannel(
      { ...entry, settings: { ...(entry.settings as object), bot_token: "xoxb-revoked" } },
      {
        platform: bunPlatform,
        log: createLogger("slack"),
        dataDir: "",
        publish: async () => {},
        chatConnected: () => {},
      },
    );
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    await expect(channel.start(controller.signal)).rejects.toBeInstanceOf(PermanentSendError);
    expect(channel.isReady()).toBe(false);
  });
});

/**
 * Scenario: the OneBot v11 channel under the real ChannelManager and MessageBus with an echoing stub
 * agent, connected to a fake OneBot implementation's forward WebSocket server.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createOneBotChannel } from "../src/channels/onebot/index.ts";
import type { ChannelEntry } from "../src/channels/registry.ts";
import { type FakeOneBot, startFakeOneBot } from "./fakes/onebot.ts";
import { until } from "./fakes/slack.ts";
import { captureWarnings } from "./helpers/capture-warnings.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startScenario(options: { token?: string; mentionOnly?: boolean; prefixes?: string[] } = {}) {
  const fake = startFakeOneBot();
  cleanups.push(() => fake.stop());
  const entry: ChannelEntry = {
    name: "onebot",
    type: "onebot",
    settings: {
      ws_url: fake.url,
      access_token: options.token ?? fake.token,
      reconnect_interval: 5,
      group_trigger_prefix: options.prefixes ?? [],
    },
    allow_from: [],
    group_trigger: { mention_only: options.mentionOnly ?? false },
    typing: { enabled: false },
    placeholder: { enabled: false },
  };
  const timing = { minDelayMs: 20, maxDelayMs: 100, callTimeoutMs: 300 };
  const harness = await startChannelHarness({
    entry,
    factory: (e, deps) => createOneBotChannel(e, deps, { timing }),
  });
  cleanups.push(harness.stop);
  return { fake, seen: harness.inbound, channel: harness.channel };
}

async function ready(fake: FakeOneBot) {
  await until(() => fake.requests.some((r) => r.action === "get_login_info"));
}

const textOf = (r: { params: Record<string, unknown> } | undefined) =>
  (r?.params["message"] as { type: string; data: Record<string, unknown> }[] | undefined) ?? [];

describe("OneBot channel", () => {
  test("a private message is answered once, quoting it, after get_login_info with the bearer token", async () => {
    const { fake, seen, channel } = await startScenario();
    await ready(fake);
    expect(channel?.isReady()).toBe(true);
    const id = fake.privateMessage(42, [{ type: "text", data: { text: "hi bot" } }]);
    await until(() => fake.sends().length === 1);
    const send = fake.sends()[0];
    expect(send?.action).toBe("send_private_msg");
    expect(send?.params["user_id"]).toBe(42);
    expect(textOf(send)).toEqual([
      { type: "reply", data: { id: String(id) } },
      { type: "text", data: { text: "echo: hi bot" } },
    ]);
    expect(seen[0]?.context).toMatchObject({
      chatId: "private:42",
      senderId: "onebot:42",
      chatType: "direct",
    });
  });

  test("group mentions by at segment or CQ code are detected and stripped; duplicates are dropped", async () => {
    const { fake, seen } = await startScenario({ mentionOnly: true });
    await ready(fake);
    fake.groupMessage(7, 42, [{ type: "text", data: { text: "just chatting" } }]);
    const id = fake.groupMessage(7, 42, [
      { type: "at", data: { qq: String(fake.selfId) } },
      { type: "text", data: { text: " what is 2+2" } },
    ]);
    fake.groupMessage(7, 42, [{ type: "text", data: { text: "again" } }], id);
    fake.groupMessage(7, 43, `[CQ:at,qq=${fake.selfId}] and you?`);
    await until(() => fake.sends().length === 2);
    expect(seen.map((m) => m.content)).toEqual(["what is 2+2", "and you?"]);
    expect(fake.sends()[0]?.params["group_id"]).toBe(7);
    expect(seen[0]?.context).toMatchObject({ chatId: "group:7", mentioned: true, chatType: "group" });
  });

  test("the legacy group_trigger_prefix answers a prefixed group message without the prefix", async () => {
    const { fake, seen } = await startScenario({ mentionOnly: true, prefixes: ["/ask"] });
    await ready(fake);
    fake.groupMessage(9, 42, "/ask weather");
    await until(() => fake.sends().length === 1);
    expect(seen.map((m) => m.content)).toEqual(["weather"]);
  });

  test("a dropped connection is redialled and the next message is answered", async () => {
    const { fake, channel } = await startScenario();
    await ready(fake);
    fake.drop();
    await until(() => fake.connections === 2 && channel?.isReady() === true);
    await until(() => fake.requests.filter((r) => r.action === "get_login_info").length === 2);
    fake.privateMessage(5, "back?");
    await until(() => fake.sends().length === 1);
    expect(textOf(fake.sends()[0]).at(-1)).toEqual({ type: "text", data: { text: "echo: back?" } });
  });

  test("a wrong access token is refused, the channel reports not ready and keeps retrying", async () => {
    const { fake, channel } = await startScenario({ token: "wrong" });
    await until(() => fake.rejectedAuth >= 2);
    expect(channel?.isReady()).toBe(false);
    expect(fake.connections).toBe(0);
  });

  test("malformed frames are logged and skipped; heartbeats are ignored; the next message is answered", async () => {
    const { fake, seen } = await startScenario();
    await ready(fake);
    const warnings = captureWarnings(cleanups);
    fake.pushRaw("{oops");
    fake.pushEvent({ post_type: "message", message_type: "weird", user_id: 1, message: "x" });
    fake.pushEvent({ post_type: "meta_event", meta_event_type: "heartbeat", interval: 5000 });
    fake.privateMessage(8, "still there?");
    await until(() => fake.sends().length === 1);
    expect(seen.map((m) => m.content)).toEqual(["still there?"]);
    expect(warnings.filter((l) => l.includes("malformed OneBot frame ignored"))).toHaveLength(2);
  });

  test("a failed or unanswered send is retried; a bad-request retcode is not", async () => {
    const { fake } = await startScenario();
    await ready(fake);
    fake.failNextSend(200);
    fake.privateMessage(1, "first");
    await until(() => fake.sends().length === 2, 5000);
    fake.ignoreNextSend();
    fake.privateMessage(1, "second");
    await until(() => fake.sends().length === 4, 5000);
    expect(fake.sends().map((r) => textOf(r).at(-1)?.data["text"])).toEqual([
      "echo: first",
      "echo: first",
      "echo: second",
      "echo: second",
    ]);
    fake.failNextSend(100);
    fake.privateMessage(1, "third");
    fake.privateMessage(1, "fourth");
    await until(() => fake.sends().length === 6, 5000);
    expect(
      fake
        .sends()
        .map((r) => textOf(r).at(-1)?.data["text"])
        .slice(4),
    ).toEqual(["echo: third", "echo: fourth"]);
  });
});

/**
 * Scenario: the LINE channel's webhook on a real gateway HTTP server, the real ChannelManager and
 * MessageBus, an echoing stub agent, and a fake LINE platform that signs webhooks and serves the API.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { createLineChannel } from "../src/channels/line/index.ts";
import type { ChannelEntry } from "../src/channels/registry.ts";
import { type FakeLine, startFakeLine } from "./fakes/line.ts";
import { until } from "./fakes/slack.ts";
import { captureWarnings } from "./helpers/capture-warnings.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function entryFor(fake: FakeLine, mentionOnly = false): ChannelEntry {
  return {
    name: "line",
    type: "line",
    settings: { channel_secret: fake.secret, channel_access_token: fake.token, base_url: fake.apiBase },
    allow_from: [],
    group_trigger: { mention_only: mentionOnly },
    typing: { enabled: true },
    placeholder: { enabled: false },
  };
}

async function startScenario(options: { mentionOnly?: boolean; replyTokenMaxAgeMs?: number } = {}) {
  const fake = startFakeLine();
  cleanups.push(() => fake.stop());
  const { replyTokenMaxAgeMs } = options;
  const harness = await startChannelHarness({
    entry: entryFor(fake, options.mentionOnly),
    factory: (entry, deps) => createLineChannel(entry, deps, { replyTokenMaxAgeMs }),
    media: true,
    http: true,
  });
  cleanups.push(harness.stop);
  return { fake, seen: harness.inbound, media: harness.media, webhook: `${harness.httpUrl}/webhook/line` };
}

describe("LINE channel", () => {
  test("a user message is answered once with its reply token; a redelivery is ignored", async () => {
    const { fake, seen, webhook } = await startScenario();
    const event = fake.textEvent({ text: "hello line" });
    expect(await fake.deliver(webhook, [event])).toBe(200);
    expect(await fake.deliver(webhook, [event])).toBe(200);
    await until(() => fake.callsOf("/v2/bot/message/reply").length === 1);
    const reply = fake.callsOf("/v2/bot/message/reply")[0];
    expect(reply?.status).toBe(200);
    expect(reply?.body).toMatchObject({
      replyToken: event["replyToken"],
      messages: [{ type: "text", text: "echo: hello line" }],
    });
    expect(fake.callsOf("/v2/bot/chat/loading/start")[0]?.body).toEqual({
      chatId: "U1234",
      loadingSeconds: 60,
    });
    expect(fake.callsOf("/v2/bot/message/push")).toHaveLength(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.context).toMatchObject({ chatId: "U1234", senderId: "line:U1234", chatType: "direct" });
  });

  test("a bad signature gets 401 and a log line, and nothing is published", async () => {
    const { fake, seen, webhook } = await startScenario();
    const warnings = captureWarnings(cleanups);
    expect(await fake.deliver(webhook, [fake.textEvent({ text: "forged" })], { signature: "AAAA" })).toBe(
      401,
    );
    expect(await fake.deliver(webhook, [], { rawBody: "{broken", signature: "" })).toBe(401);
    expect(await fake.deliver(webhook, [], { rawBody: "{broken" })).toBe(400);
    expect(warnings.filter((l) => l.includes("signature invalid"))).toHaveLength(2);
    expect(warnings.some((l) => l.includes("body malformed"))).toBe(true);
    expect(await fake.deliver(webhook, [fake.textEvent({ text: "genuine" })])).toBe(200);
    await until(() => fake.callsOf("/v2/bot/message/reply").length === 1);
    expect(seen.map((m) => m.content)).toEqual(["genuine"]);
  });

  test("a failed reply falls back to push; a 429 push is retried after Retry-After with the same retry key", async () => {
    const { fake, webhook } = await startScenario();
    fake.rateLimitNext("/v2/bot/message/push", 1);
    await fake.deliver(webhook, [fake.textEvent({ text: "late", replyToken: "expired-token" })]);
    await until(() => fake.callsOf("/v2/bot/message/push").length === 2, 5000);
    expect(fake.callsOf("/v2/bot/message/reply")[0]?.status).toBe(400);
    const [limited, retried] = fake.callsOf("/v2/bot/message/push");
    expect(limited?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried?.body).toEqual({ to: "U1234", messages: [{ type: "text", text: "echo: late" }] });
    expect(retried?.retryKey).toBe(limited?.retryKey ?? "");
    expect(retried?.retryKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  test("an old reply token is not used; the reply is pushed", async () => {
    const { fake, webhook } = await startScenario({ replyTokenMaxAgeMs: 0 });
    await fake.deliver(webhook, [fake.textEvent({ text: "slow turn" })]);
    await until(() => fake.callsOf("/v2/bot/message/push").length === 1);
    expect(fake.callsOf("/v2/bot/message/reply")).toHaveLength(0);
  });

  test("in a mention-only group, only a message mentioning the bot is answered, without the mention", async () => {
    const { fake, seen, webhook } = await startScenario({ mentionOnly: true });
    await fake.deliver(webhook, [fake.textEvent({ groupId: "Cgroup1", text: "chatting among ourselves" })]);
    const mention = [{ index: 0, length: 8, type: "user", userId: "Ubot" }];
    await fake.deliver(webhook, [
      fake.textEvent({ groupId: "Cgroup1", text: "@PicoBot what time is it", mentionees: mention }),
    ]);
    await until(() => fake.callsOf("/v2/bot/message/reply").length === 1);
    expect(seen.map((m) => m.content)).toEqual(["what time is it"]);
    expect(seen[0]?.context).toMatchObject({ chatId: "Cgroup1", chatType: "group", mentioned: true });
    // Groups get no loading animation (LINE supports it in 1:1 chats only).
    expect(fake.callsOf("/v2/bot/chat/loading/start")).toHaveLength(0);
  });

  test("an image is downloaded into the media store and offered as a media ref", async () => {
    const { fake, seen, media, webhook } = await startScenario();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    fake.setContent("img-1", bytes, "image/jpeg");
    const event = fake.textEvent({ text: "" });
    event["message"] = { type: "image", id: "img-1", quoteToken: "q" };
    await fake.deliver(webhook, [event]);
    await until(() => seen.length === 1);
    expect(seen[0]?.content).toBe("[image]");
    const ref = seen[0]?.media?.[0] ?? "";
    expect(new Uint8Array(await readFile(media.resolve(ref)))).toEqual(bytes);
  });
});

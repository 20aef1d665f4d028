/**
 * Discord end to end: the real ChannelManager and MessageBus, a stub agent answering every inbound
 * message, and the fake Discord (REST + Gateway WebSocket). Timing claims use the fake's records.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { createDiscordChannel } from "../src/channels/discord/index.ts";
import type { ChannelEntry } from "../src/channels/registry.ts";
import { createLogger, setLogSink } from "../src/lib/logger.ts";
import { getPlatform } from "../src/platform/index.ts";
import { type DiscordEvent, type FakeDiscord, startFakeDiscord } from "./fakes/discord.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DM = "300000000000000001";
const GUILD_CHANNEL = "300000000000000002";
const GUILD = "400000000000000001";
const FAST = { backoff: { baseMs: 10, maxMs: 50 }, reidentifyDelayMs: () => 10, readyTimeoutMs: 3000 };

async function fakeDiscord(heartbeatIntervalMs?: number): Promise<FakeDiscord> {
  const fake = await startFakeDiscord(heartbeatIntervalMs ? { heartbeatIntervalMs } : {});
  cleanups.push(() => fake.stop());
  return fake;
}

function entry(fake: FakeDiscord, overrides: Partial<ChannelEntry> = {}): ChannelEntry {
  return {
    name: "discord",
    type: "discord",
    settings: { token: fake.token, base_url: fake.restBase },
    allow_from: ["*"],
    group_trigger: {},
    typing: { enabled: false },
    placeholder: { enabled: false },
    ...overrides,
  };
}

async function startGateway(config: ChannelEntry) {
  const gateway = await startChannelHarness({
    entry: config,
    factory: (e, deps) => createDiscordChannel(e, deps, FAST),
    manager: { rateLimits: { discord: 1000 } },
    abortAgentFirst: true,
  });
  cleanups.push(gateway.stop);
  return gateway;
}

const posts = (fake: FakeDiscord) => fake.rest("POST").filter((e) => e.path?.endsWith("/messages"));
const postCount = (fake: FakeDiscord, n: number) => (e: DiscordEvent) =>
  e.kind === "rest" &&
  e.method === "POST" &&
  e.path?.endsWith("/messages") === true &&
  posts(fake).length >= n;

describe("discord channel with the real manager", () => {
  test("a DM gets exactly one reply: the placeholder is edited into it", async () => {
    const fake = await fakeDiscord();
    const config = entry(fake, {
      placeholder: { enabled: true, text: "Thinking..." },
      typing: { enabled: true },
    });
    const gateway = await startGateway(config);
    expect(gateway.channel.isReady()).toBe(true);
    fake.dispatchMessage({ channelId: DM, content: "hello there" });

    await fake.waitFor((e) => e.kind === "rest" && e.method === "PATCH");
    expect(gateway.inbound[0]?.context).toMatchObject({
      chatId: DM,
      chatType: "direct",
      senderId: "discord:100000000000000042",
    });
    expect(fake.rest("POST").some((e) => e.path === `/channels/${DM}/typing`)).toBe(true);
    expect(posts(fake)).toHaveLength(1);
    expect(fake.channel(DM)).toEqual([expect.objectContaining({ content: "echo: hello there" })]);
  });

  test("guild messages: a mention is detected and stripped, others are ignored under mention_only", async () => {
    const fake = await fakeDiscord();
    const gateway = await startGateway(entry(fake, { group_trigger: { mention_only: true } }));
    fake.dispatchMessage({ channelId: GUILD_CHANNEL, guildId: GUILD, content: "no mention here" });
    fake.dispatchMessage({
      channelId: GUILD_CHANNEL,
      guildId: GUILD,
      content: "from a bot",
      bot: true,
      mentions: [fake.botId],
    });
    fake.dispatchMessage({
      channelId: GUILD_CHANNEL,
      guildId: GUILD,
      content: `<@${fake.botId}> what time is it`,
      mentions: [fake.botId],
    });

    await fake.waitFor(postCount(fake, 1));
    expect(gateway.inbound.map((m) => m.content)).toEqual(["what time is it"]);
    expect(gateway.inbound[0]?.context).toMatchObject({
      mentioned: true,
      spaceId: GUILD,
      chatType: "channel",
    });
    expect(fake.channel(GUILD_CHANNEL).map((m) => m.content)).toEqual(["echo: what time is it"]);
  });

  test("a dropped connection is resumed on resume_gateway_url and a message sent meanwhile is answered", async () => {
    const fake = await fakeDiscord();
    const gateway = await startGateway(entry(fake));
    const session = gateway.channel.gateway?.sessionId;
    fake.closeSocket(4000, "network hiccup");
    fake.dispatchMessage({ channelId: DM, content: "missed while away" });

    const resume = await fake.waitFor((e) => e.kind === "resume");
    expect(resume.body).toMatchObject({ session_id: session, seq: 1 });
    expect(fake.events.filter((e) => e.kind === "connect").map((e) => e.path)).toEqual([
      "/gateway",
      "/resume",
    ]);
    await fake.waitFor(postCount(fake, 1));
    expect(fake.events.filter((e) => e.kind === "identify")).toHaveLength(1);
    expect(fake.channel(DM).map((m) => m.content)).toEqual(["echo: missed while away"]);
    expect(gateway.channel.isReady()).toBe(true);
  });

  test("op 7 Reconnect resumes; op 9 Invalid Session (not resumable) identifies afresh", async () => {
    const fake = await fakeDiscord();
    const gateway = await startGateway(entry(fake));
    fake.sendReconnect();
    await fake.waitFor((e) => e.kind === "resume");
    await fake.waitFor(
      (e) => e.kind === "connect" && fake.events.filter((x) => x.kind === "connect").length === 2,
    );
    fake.sendInvalidSession(false);
    await fake.waitFor(
      (e) => e.kind === "identify" && fake.events.filter((x) => x.kind === "identify").length === 2,
    );
    fake.dispatchMessage({ channelId: DM, content: "after re-identify" });

    await fake.waitFor(postCount(fake, 1));
    expect(gateway.inbound.map((m) => m.content)).toEqual(["after re-identify"]);
  });

  test("unacknowledged heartbeats mark a zombie connection, which is dropped and resumed", async () => {
    const fake = await fakeDiscord(40);
    const gateway = await startGateway(entry(fake));
    await fake.waitFor((e) => e.kind === "heartbeat");
    fake.setAcking(false);
    const unacked = fake.events.filter((e) => e.kind === "heartbeat").length;
    const resume = await fake.waitFor((e) => e.kind === "resume");
    fake.setAcking(true);
    const beatsBefore = fake.events.filter((e) => e.kind === "heartbeat" && e.at < resume.at).length;
    expect(beatsBefore).toBeGreaterThanOrEqual(unacked + 1);
    fake.dispatchMessage({ channelId: DM, content: "alive?" });
    await fake.waitFor(postCount(fake, 1));
    expect(gateway.inbound.map((m) => m.content)).toEqual(["alive?"]);
  });

  test("a 429 on send is retried after retry_after, as the fake recorded", async () => {
    const fake = await fakeDiscord();
    await startGateway(entry(fake));
    fake.failNext("POST", /\/messages$/, { status: 429, retryAfter: 0.3 });
    fake.dispatchMessage({ channelId: DM, content: "slow down" });

    await fake.waitFor(postCount(fake, 2));
    const [first, second] = posts(fake);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(295);
    expect(fake.channel(DM).map((m) => m.content)).toEqual(["echo: slow down"]);
  });

  test("a malformed frame and a malformed event are skipped, and the next message is answered", async () => {
    const fake = await fakeDiscord();
    const gateway = await startGateway(entry(fake));
    fake.sendRaw("{this is not json");
    fake.sendRaw(JSON.stringify({ op: 0, t: "MESSAGE_CREATE", s: 99, d: { id: "1", content: "no author" } }));
    fake.dispatchMessage({ channelId: DM, content: "valid one" });

    await fake.waitFor(postCount(fake, 1));
    expect(gateway.inbound.map((m) => m.content)).toEqual(["valid one"]);
    expect(gateway.channel.isReady()).toBe(true);
  });
});

describe("discord channel start", () => {
  const deps = async (dir: string) => ({
    platform: await getPlatform(),
    log: createLogger("discord"),
    dataDir: dir,
    publish: async () => {},
    chatConnected: () => {},
  });

  test("a token refused by REST (401) fails start and the channel is not ready", async () => {
    const fake = await fakeDiscord();
    const channel = createDiscordChannel(
      entry(fake, { settings: { token: "wrong", base_url: fake.restBase } }),
      await deps(tmpdir()),
      FAST,
    );
    const abort = new AbortController();
    cleanups.push(async () => {
      abort.abort();
      await channel.stop();
    });
    await expect(channel.start(abort.signal)).rejects.toThrow(/401/);
    expect(channel.isReady()).toBe(false);
    expect(fake.events.filter((e) => e.kind === "connect")).toHaveLength(0);
  });

  test("close code 4004 from the gateway is permanent: logged, not ready, no reconnect", async () => {
    const fake = await fakeDiscord();
    const lines: string[] = [];
    let sawFatal: () => void = () => {};
    const fatal = new Promise<void>((resolve) => {
      sawFatal = resolve;
    });
    const restore = setLogSink((line) => {
      lines.push(line);
      if (line.includes("refused the bot")) sawFatal();
    });
    const channel = createDiscordChannel(entry(fake), await deps(tmpdir()), FAST);
    const abort = new AbortController();
    cleanups.push(async () => {
      restore();
      abort.abort();
      await channel.stop();
    });
    await channel.start(abort.signal);
    expect(channel.isReady()).toBe(true);
    fake.closeSocket(4004, "Authentication failed.");
    await fatal;
    expect(channel.isReady()).toBe(false);
    expect(channel.gateway?.fatalClose).toEqual({ code: 4004, reason: "Authentication failed." });
    expect(fake.events.filter((e) => e.kind === "connect")).toHaveLength(1);
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeDiscord, startFakeDiscord } from "../../../test/fakes/discord.ts";
import { createLogger } from "../../lib/logger.ts";
import { createMediaStore } from "../../media/store.ts";
import { attachmentTag, type DiscordInboundDeps, stripBotMention, toDiscordInbound } from "./inbound.ts";
import { INTENTS, parseMessageCreate, parsePayload } from "./protocol.ts";
import { createDiscordRest } from "./rest.ts";

const BOT = "900000000000000001";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function message(extra: Record<string, unknown> = {}) {
  const parsed = parseMessageCreate({
    id: "11",
    channel_id: "22",
    author: { id: "33", username: "ada", global_name: "Ada L." },
    content: "hi",
    ...extra,
  });
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
}

async function deps(fake?: FakeDiscord): Promise<DiscordInboundDeps> {
  const dir = await mkdtemp(join(tmpdir(), "pico-dci-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return {
    channel: "discord",
    botId: BOT,
    rest: createDiscordRest({ token: fake?.token ?? "t", baseUrl: fake?.restBase }),
    media: createMediaStore({ dir }),
    maxMediaBytes: 1024,
    allowFrom: [],
    mentionOnly: false,
    log: createLogger("discord"),
  };
}

describe("discord protocol", () => {
  test("intents are GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT", () => {
    expect(INTENTS).toBe(37377);
  });

  test("frames without an op or not JSON are errors, not throws", () => {
    expect(parsePayload("nope")).toEqual({ error: "frame is not JSON" });
    expect(parsePayload('{"d":1}')).toEqual({ error: "frame without an op" });
    expect(parsePayload('{"op":0,"t":"X","s":4,"d":{}}')).toEqual({ op: 0, t: "X", s: 4, d: {} });
  });
});

describe("toDiscordInbound", () => {
  test("a DM becomes a direct message from discord:<id>, with mentions stripped", async () => {
    const result = await toDiscordInbound(message({ content: `<@!${BOT}> hello <@${BOT}>` }), await deps());
    expect(result?.isGroup).toBe(false);
    expect(result?.message.content).toBe("hello");
    expect(result?.message.sender).toMatchObject({ canonicalId: "discord:33", displayName: "Ada L." });
    expect(result?.message.context).toMatchObject({ chatId: "22", chatType: "direct", messageId: "11" });
  });

  test("own messages and other bots are ignored; mention_only drops unmentioned guild messages", async () => {
    const d = await deps();
    expect(
      await toDiscordInbound(message({ author: { id: BOT, username: "pico", bot: true } }), d),
    ).toBeUndefined();
    expect(
      await toDiscordInbound(message({ author: { id: "5", username: "b", bot: true } }), d),
    ).toBeUndefined();
    const guild = message({ guild_id: "77" });
    expect(await toDiscordInbound(guild, { ...d, mentionOnly: true })).toBeUndefined();
    const mentioned = message({ guild_id: "77", content: `<@${BOT}> yo`, mentions: [{ id: BOT }] });
    expect(await toDiscordInbound(mentioned, { ...d, mentionOnly: true })).toMatchObject({ mentioned: true });
  });

  test("a reply quotes the referenced message", async () => {
    const msg = message({
      message_reference: { message_id: "10" },
      referenced_message: { author: { id: "44", username: "bob" }, content: "earlier" },
    });
    const result = await toDiscordInbound(msg, await deps());
    expect(result?.message.content).toBe("[quoted message from bob]: earlier\n\nhi");
    expect(result?.message.context.replyToMessageId).toBe("10");
  });

  test("attachments are downloaded into the media store within the size limit", async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.stop());
    const url = fake.addAttachment("cat.png", new Uint8Array([1, 2, 3, 4]));
    const big = fake.addAttachment("big.bin", new Uint8Array(2048));
    const d = await deps(fake);
    const msg = message({
      attachments: [
        { id: "1", filename: "cat.png", url, size: 4, content_type: "image/png" },
        { id: "2", filename: "big.bin", url: big, size: 10 },
      ],
    });
    const result = await toDiscordInbound(msg, d);
    expect(result?.message.content).toBe("hi\n[image: cat.png]\n[attachment: big.bin]");
    expect(result?.message.media).toHaveLength(1);
    const path = d.media?.resolve(result?.message.media?.[0] ?? "") ?? "";
    expect([...(await readFile(path))]).toEqual([1, 2, 3, 4]);
  });

  test("helpers: stripBotMention and attachmentTag", () => {
    expect(stripBotMention(`<@${BOT}>  hi <@2>`, BOT)).toBe("hi <@2>");
    expect(attachmentTag({ id: "1", filename: "a.OGG", url: "", size: 0 })).toBe("audio");
    expect(attachmentTag({ id: "1", filename: "x", url: "", size: 0, contentType: "video/mp4" })).toBe(
      "video",
    );
  });
});

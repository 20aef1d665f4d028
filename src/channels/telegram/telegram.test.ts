import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeTelegram, startFakeTelegram } from "../../../test/fakes/telegram-bot-api.ts";
import type { InboundMessage } from "../../bus/message.ts";
import { createLogger } from "../../lib/logger.ts";
import { createMediaStore, type MediaStore } from "../../media/store.ts";
import { getPlatform } from "../../platform/index.ts";
import type { ChannelEntry } from "../registry.ts";
import { createTelegramChannel, type TelegramChannel } from "./index.ts";

interface Published {
  message: InboundMessage;
  facts: { isGroup?: boolean; mentioned?: boolean } | undefined;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: { token?: string; allowFrom?: string[] } = {}) {
  const fake = await startFakeTelegram({ maxHoldMs: 2000 });
  const dir = await mkdtemp(join(tmpdir(), "pico-tgu-"));
  const media: MediaStore = createMediaStore({ dir: join(dir, "media") });
  const published: Published[] = [];
  const hooks: { onPublish?: (message: InboundMessage) => Promise<void> } = {};
  let wake: () => void = () => {};
  const entry: ChannelEntry = {
    name: "telegram",
    type: "telegram",
    settings: { token: options.token ?? fake.token, base_url: fake.baseUrl },
    allow_from: options.allowFrom ?? [],
    group_trigger: {},
    typing: { enabled: false },
    placeholder: { enabled: false },
  };
  const channel: TelegramChannel = createTelegramChannel(
    entry,
    {
      platform: await getPlatform(),
      log: createLogger("telegram"),
      dataDir: dir,
      media,
      publish: async (message, facts) => {
        await hooks.onPublish?.(message);
        published.push({ message, facts });
        wake();
      },
      chatConnected: () => {},
    },
    { backoff: { baseMs: 10, maxMs: 50 }, pollTimeoutSeconds: 2 },
  );
  const abort = new AbortController();
  cleanups.push(async () => {
    abort.abort();
    await channel.stop();
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });
  const next = (count: number) =>
    new Promise<Published>((resolve) => {
      wake = () => {
        const found = published[count - 1];
        if (found) resolve(found);
      };
      wake();
    });
  return { fake, channel, media, abort, published, next, dir, hooks };
}

const start = async (s: { channel: TelegramChannel; abort: AbortController }) =>
  s.channel.start(s.abort.signal);
const mention = (fake: FakeTelegram, text: string) => ({
  type: "mention",
  offset: text.indexOf(`@${fake.bot.username}`),
  length: fake.bot.username.length + 1,
});

describe("TelegramChannel", () => {
  test("a rejected token (401) fails start with a clear error and the channel is not ready", async () => {
    const s = await setup({ token: "999:wrong" });
    await expect(start(s)).rejects.toThrow(/token rejected/);
    expect(s.channel.isReady()).toBe(false);
  });

  test("group messages: an @mention is detected and stripped; a plain message is not a mention", async () => {
    const s = await setup();
    await start(s);
    const text = `hey @${s.fake.bot.username.toUpperCase()} status?`;
    s.fake.pushMessage({ chatId: -100, chatType: "supergroup", text: "just chatting" });
    s.fake.pushMessage({
      chatId: -100,
      chatType: "supergroup",
      text,
      entities: [mention(s.fake, text.toLowerCase())],
    });
    const first = await s.next(1);
    const second = await s.next(2);
    expect(first.facts).toEqual({ isGroup: true, mentioned: false });
    expect(second.facts).toEqual({ isGroup: true, mentioned: true });
    expect(second.message.content).toBe("hey  status?");
    expect(second.message.context.chatType).toBe("group");
  });

  test("a reply to the bot counts as a mention and the quoted text is prepended", async () => {
    const s = await setup();
    await start(s);
    const replyTo = {
      message_id: 5,
      chat: { id: -100, type: "group" },
      from: { id: s.fake.bot.id, is_bot: true, first_name: "Pico", username: s.fake.bot.username },
      text: "earlier answer",
    };
    s.fake.pushMessage({ chatId: -100, chatType: "group", text: "and then?", replyTo });
    const { message, facts } = await s.next(1);
    expect(facts?.mentioned).toBe(true);
    expect(message.content).toBe(
      `[quoted assistant message from ${s.fake.bot.username}]: earlier answer\n\nand then?`,
    );
    expect(message.context.replyToMessageId).toBe("5");
  });

  test("forum topics: topicId comes in, and replies, typing and placeholders go to the topic", async () => {
    const s = await setup();
    await start(s);
    // The manager shows typing and the placeholder while publish runs, with the chat id only.
    s.hooks.onPublish = async (m) => {
      await s.channel.sendPlaceholder(m.context.chatId, "Thinking...");
      (await s.channel.startTyping(m.context.chatId))();
    };
    s.fake.pushMessage({
      chatId: -200,
      chatType: "supergroup",
      isForum: true,
      threadId: 7,
      text: "in topic",
    });
    const { message } = await s.next(1);
    expect(message.context).toMatchObject({ chatId: "-200", topicId: "7" });
    expect(s.fake.callsTo("sendChatAction")[0]?.params).toMatchObject({
      chat_id: -200,
      message_thread_id: 7,
    });
    await s.channel.send({
      context: { channel: "telegram", chatId: "-200", topicId: "7" },
      content: "answer",
    });
    await s.channel.send({ context: { channel: "telegram", chatId: "-200/9" }, content: "composite" });
    expect(s.fake.chat(-200).map((m) => [m.text, m.threadId])).toEqual([
      ["Thinking...", 7],
      ["answer", 7],
      ["composite", 9],
    ]);
  });

  test("a reply Telegram cannot parse is resent once as plain text", async () => {
    const s = await setup();
    await start(s);
    s.fake.failNext("sendMessage", {
      code: 400,
      description: "Bad Request: can't parse entities: unsupported tag",
    });
    const ids = await s.channel.send({ context: { channel: "telegram", chatId: "42" }, content: "**hi**" });
    const [formatted, plain] = s.fake.callsTo("sendMessage");
    expect(formatted?.params).toMatchObject({ text: "<b>hi</b>", parse_mode: "HTML" });
    expect(plain?.params["text"]).toBe("**hi**");
    expect(plain?.params["parse_mode"]).toBeUndefined();
    expect(ids).toEqual([String(s.fake.chat(42)[0]?.messageId)]);
  });

  test("send errors are classified: 400 permanent, 429 rate limit with retry_after, 5xx temporary", async () => {
    const s = await setup();
    await start(s);
    const send = () => s.channel.send({ context: { channel: "telegram", chatId: "42" }, content: "x" });
    s.fake.failNext("sendMessage", { code: 400, description: "Bad Request: chat not found" });
    await expect(send()).rejects.toMatchObject({ name: "PermanentSendError" });
    s.fake.failNext("sendMessage", { code: 429, description: "Too Many Requests", retryAfter: 3 });
    await expect(send()).rejects.toMatchObject({ name: "RateLimitError", retryAfterMs: 3000 });
    s.fake.failNext("sendMessage", { code: 502, description: "Bad Gateway" });
    await expect(send()).rejects.toMatchObject({ name: "TemporarySendError" });
  });

  test("a voice note is downloaded through getFile into the media store and annotated", async () => {
    const s = await setup();
    await start(s);
    s.fake.addFile("voice-1", "voice/file_1.oga", new Uint8Array([1, 2, 3]));
    s.fake.pushMessage({ chatId: 42, voiceFileId: "voice-1" });
    const { message } = await s.next(1);
    expect(message.content).toBe("[voice]");
    const ref = message.media?.[0] ?? "";
    const stored = s.media.resolveWithMeta(ref);
    expect([...(await readFile(stored.path))]).toEqual([1, 2, 3]);
    expect(stored.meta).toMatchObject({ filename: "voice.ogg", source: "telegram" });
    expect(message.mediaScope).toBe(`telegram:42:${message.context.messageId}`);
  });

  test("senders outside allow_from cost no download", async () => {
    const s = await setup({ allowFrom: ["telegram:1"] });
    await start(s);
    s.fake.addFile("doc-1", "documents/a.txt", new Uint8Array([9]));
    s.fake.pushMessage({ chatId: 42, documentFileId: "doc-1", caption: "see" });
    s.fake.pushMessage({ chatId: 1, fromId: 1, text: "allowed" });
    const { message } = await s.next(1);
    expect(message.content).toBe("allowed");
    expect(s.fake.callsTo("getFile")).toHaveLength(0);
  });

  test("media goes out as multipart sendPhoto / sendDocument with captions and the topic", async () => {
    const s = await setup();
    await start(s);
    const path = join(s.dir, "cat.png");
    await writeFile(path, new Uint8Array([137, 80, 78, 71]));
    const ref = s.media.store(path, { filename: "cat.png", contentType: "image/png" }, "out");
    const docRef = s.media.store(path, { filename: "raw.bin" }, "out");
    const ids = await s.channel.sendMedia({
      context: { channel: "telegram", chatId: "-300", topicId: "4" },
      parts: [
        { type: "image", ref, caption: "a cat", filename: "cat.png" },
        { type: "file", ref: docRef, filename: "raw.bin" },
      ],
    });
    expect(ids).toHaveLength(2);
    expect(s.fake.callsTo("sendPhoto")[0]?.params).toMatchObject({
      chat_id: -300,
      message_thread_id: 4,
      caption: "a cat",
      photo: { filename: "cat.png", size: 4 },
    });
    expect(s.fake.callsTo("sendDocument")[0]?.params).toMatchObject({ document: { filename: "raw.bin" } });
  });

  test("typing sends the chat action at once; stop is idempotent", async () => {
    const s = await setup();
    await start(s);
    const stop = await s.channel.startTyping("42");
    await s.fake.waitForCall(
      (c) => c.method === "sendChatAction" && s.fake.callsTo("sendChatAction").length >= 1,
    );
    stop();
    stop();
    expect(s.fake.callsTo("sendChatAction")[0]?.params).toEqual({ chat_id: 42, action: "typing" });
  });
});

/**
 * Scenario: Slack media both ways under the real ChannelManager, with the fake Slack. Inbound files are
 * fetched with the bot token into the media store (size-limited by the manager's `maxMediaBytes`);
 * outbound media go through the external upload flow into the chat's thread.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import type { InboundMessage } from "../src/bus/message.ts";
import { createSlackChannel } from "../src/channels/slack/index.ts";
import { createSlackWebApi } from "../src/channels/slack/web-api.ts";
import type { MediaStore } from "../src/media/store.ts";
import { type FakeSlack, startFakeSlack } from "./fakes/slack.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** Fake Slack + manager (with a media store and a byte limit); inbound messages are collected. */
async function startScenario(maxMediaBytes = 1024) {
  const fake = startFakeSlack();
  cleanups.push(() => fake.stop());
  const harness = await startChannelHarness({
    entry: {
      name: "slack",
      type: "slack",
      settings: { bot_token: fake.botToken, app_token: fake.appToken, base_url: fake.apiBase },
      allow_from: [],
      group_trigger: {},
      typing: { enabled: false },
      placeholder: { enabled: false },
    },
    factory: (entry, deps) =>
      createSlackChannel(entry, deps, { timing: { minDelayMs: 20, maxDelayMs: 100 } }),
    reply: false,
    media: true,
    manager: { maxMediaBytes },
  });
  cleanups.push(harness.stop);
  await fake.until(() => harness.channel.isReady());
  return { fake, bus: harness.bus, media: harness.media, seen: harness.inbound };
}

const fileEvent = (ts: string, text: string, files: Record<string, unknown>[]) => ({
  type: "message",
  subtype: "file_share",
  user: "U1",
  text,
  channel: "D1",
  ts,
  files,
});

const file = (fake: FakeSlack, name: string, bytes: Uint8Array, extra: Record<string, unknown> = {}) => ({
  id: `F-${name}`,
  name,
  mimetype: "image/png",
  size: bytes.byteLength,
  url_private_download: fake.addFile(name, bytes),
  ...extra,
});

async function bytesOf(media: MediaStore, ref: string | undefined): Promise<Uint8Array> {
  return new Uint8Array(await readFile(media.resolve(ref ?? "")));
}

describe("Slack media", () => {
  test("shared files are fetched with the bot token into the media store, tagged in the content", async () => {
    const { fake, media, seen } = await startScenario();
    const voice = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 9, 9]);
    fake.sendEvent(
      fileEvent("600.1", "look at this", [
        file(fake, "photo.png", PNG),
        file(fake, "clip.webm", voice, { mimetype: "audio/webm", subtype: "slack_audio" }),
      ]),
    );
    await fake.until(() => seen.length === 1);
    const message = seen[0] as InboundMessage;
    expect(message.content).toBe("look at this\n[image: photo.png]\n[voice: clip.webm]");
    expect(message.mediaScope).toBe("slack:D1:600.1");
    expect(message.media).toHaveLength(2);
    expect(await bytesOf(media, message.media?.[0])).toEqual(PNG);
    expect(await bytesOf(media, message.media?.[1])).toEqual(voice);
    expect(media.resolveWithMeta(message.media?.[0] ?? "").meta).toMatchObject({
      filename: "photo.png",
      contentType: "image/png",
      source: "slack",
    });
    expect(fake.downloads).toHaveLength(2);
  });

  test("a file over max_media_size is not downloaded; a file-only message still reaches the agent", async () => {
    const { fake, seen } = await startScenario(8);
    fake.sendEvent(fileEvent("600.2", "", [file(fake, "big.png", PNG)]));
    await fake.until(() => seen.length === 1);
    expect(seen[0]?.content).toBe("[attachment: big.png]");
    expect(seen[0]?.media).toBeUndefined();
    expect(fake.downloads).toEqual([]);
  });

  test("outbound media are uploaded (getUploadURLExternal → bytes → completeUploadExternal) into the thread", async () => {
    const { fake, bus, media } = await startScenario();
    const ref = await media.storeBytes(PNG, { filename: "chart.png", contentType: "image/png" }, "out");
    await bus.publishOutboundMedia({
      context: { channel: "slack", chatId: "C1/700.1" },
      parts: [{ type: "image", ref, filename: "chart.png", caption: "the chart" }],
    });
    await fake.until(() => fake.callsOf("files.completeUploadExternal").length === 1);
    expect(fake.callsOf("files.getUploadURLExternal")[0]?.body).toEqual({
      filename: "chart.png",
      length: String(PNG.byteLength),
    });
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]?.bytes).toEqual(PNG);
    expect(fake.uploads[0]?.shared).toEqual({
      channel: "C1",
      threadTs: "700.1",
      title: "chart.png",
      comment: "the chart",
    });
  });

  test("the bot token is never sent to a host other than Slack's or the API's", async () => {
    const requested: string[] = [];
    const api = createSlackWebApi({
      botToken: "xoxb-secret",
      appToken: "xapp-x",
      baseUrl: "http://127.0.0.1:9/api",
      fetch: (async (input: string | URL | Request) => {
        requested.push(String(input));
        return new Response("x");
      }) as typeof fetch,
    });
    await expect(api.downloadFile("https://evil.example/files/a.png", 100)).rejects.toThrow(
      "refusing to send the bot token to evil.example",
    );
    await expect(api.downloadFile("http://files.slack.com/a.png", 100)).rejects.toThrow("refusing");
    expect(requested).toEqual([]);
    expect(await api.downloadFile("https://files.slack.com/files-pri/T1-F1/a.png", 100)).toEqual(
      new TextEncoder().encode("x"),
    );
  });
});

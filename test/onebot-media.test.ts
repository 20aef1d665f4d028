/**
 * Scenario: OneBot inbound media under the real ChannelManager, fetched only through the SSRF guard.
 * The fake serves media on 127.0.0.1, which the guard refuses unless `media_host_whitelist` names it.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import type { InboundMessage } from "../src/bus/message.ts";
import { createOneBotChannel } from "../src/channels/onebot/index.ts";
import { startFakeOneBot } from "./fakes/onebot.ts";
import { until } from "./fakes/slack.ts";
import { captureWarnings } from "./helpers/capture-warnings.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7, 7]);

async function startScenario(whitelist: string[], maxMediaBytes = 1024) {
  const fake = startFakeOneBot();
  cleanups.push(() => fake.stop());
  const timing = { minDelayMs: 20, maxDelayMs: 100, callTimeoutMs: 300 };
  const harness = await startChannelHarness({
    entry: {
      name: "onebot",
      type: "onebot",
      settings: { ws_url: fake.url, access_token: fake.token, media_host_whitelist: whitelist },
      allow_from: [],
      group_trigger: {},
      typing: { enabled: false },
      placeholder: { enabled: false },
    },
    factory: (e, deps) => createOneBotChannel(e, deps, { timing }),
    reply: false,
    media: true,
    manager: { maxMediaBytes },
  });
  cleanups.push(harness.stop);
  await until(() => fake.requests.some((r) => r.action === "get_login_info"));
  return { fake, seen: harness.inbound, media: harness.media };
}

const imageMessage = (url: string) => [
  { type: "text", data: { text: "look " } },
  { type: "image", data: { file: "0a1b2c.png", url } },
];

describe("OneBot media", () => {
  test("an image from a whitelisted host lands in the media store and the marker stays", async () => {
    const { fake, seen, media } = await startScenario(["127.0.0.1"]);
    fake.privateMessage(42, imageMessage(fake.addMedia("0a1b2c.png", PNG)), 901);
    await until(() => seen.length === 1);
    const message = seen[0] as InboundMessage;
    expect(message.content).toBe("look [image]");
    expect(message.mediaScope).toBe("onebot:private:42:901");
    expect(message.media).toHaveLength(1);
    const { path, meta } = media.resolveWithMeta(message.media?.[0] ?? "");
    expect(new Uint8Array(await readFile(path))).toEqual(PNG);
    expect(meta).toMatchObject({ filename: "0a1b2c.png", contentType: "image/png", source: "onebot" });
    expect(fake.mediaRequests).toHaveLength(1);
  });

  test("a URL on 127.0.0.1 without the whitelist is refused before any request; the marker is kept", async () => {
    const { fake, seen } = await startScenario([]);
    const warnings = captureWarnings(cleanups);
    fake.privateMessage(42, imageMessage(fake.addMedia("x.png", PNG)));
    await until(() => seen.length === 1);
    expect(seen[0]?.content).toBe("look [image]");
    expect(seen[0]?.media).toBeUndefined();
    expect(fake.mediaRequests).toEqual([]);
    const refused = warnings.filter((l) => l.includes("onebot media not downloaded"));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain("private or reserved address");
    expect(refused[0]).not.toContain("rkey=secret");
  });

  test("a file over max_media_size is refused; a voice record is marked [voice]", async () => {
    const { fake, seen } = await startScenario(["127.0.0.0/8"], 8);
    const warnings = captureWarnings(cleanups);
    const url = fake.addMedia("v.amr", PNG, "audio/amr");
    fake.privateMessage(42, [{ type: "record", data: { file: "v.amr", url } }]);
    await until(() => seen.length === 1);
    expect(seen[0]?.content).toBe("[voice]");
    expect(seen[0]?.media).toBeUndefined();
    expect(warnings.some((l) => l.includes("larger than 8 bytes"))).toBe(true);
  });
});

/**
 * Scenario: the WhatsApp bridge channel under the real ChannelManager and MessageBus with an echoing
 * stub agent, connected to a fake bridge.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChannelEntry } from "../src/channels/registry.ts";
import { createWhatsAppChannel } from "../src/channels/whatsapp/index.ts";
import { until } from "./fakes/slack.ts";
import { startFakeBridge } from "./fakes/whatsapp-bridge.ts";
import { captureWarnings } from "./helpers/capture-warnings.ts";
import { startChannelHarness } from "./helpers/channel-harness.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startScenario(options: { refuseFirst?: boolean; mentionOnly?: boolean } = {}) {
  const fake = startFakeBridge();
  cleanups.push(() => fake.stop());
  if (options.refuseFirst) fake.refuse(true);
  const entry: ChannelEntry = {
    name: "whatsapp",
    type: "whatsapp",
    settings: { bridge_url: fake.url },
    allow_from: [],
    group_trigger: { mention_only: options.mentionOnly ?? false },
    typing: { enabled: false },
    placeholder: { enabled: false },
  };
  const harness = await startChannelHarness({
    entry,
    factory: (e, deps) => createWhatsAppChannel(e, deps, { timing: { minDelayMs: 20, maxDelayMs: 100 } }),
    media: true,
  });
  cleanups.push(harness.stop);
  const { inbound: seen, media, dataDir, channel } = harness;
  return { fake, seen, media, dataDir, channel };
}

const JID = "4915550001@s.whatsapp.net";

describe("WhatsApp bridge channel", () => {
  test("a message is answered once with a bridge message frame; a repeated id is ignored", async () => {
    const { fake, seen, channel } = await startScenario();
    await until(() => channel?.isReady() === true);
    fake.incoming({ id: "w1", from: JID, content: "hola", from_name: "Ana" });
    fake.incoming({ id: "w1", from: JID, content: "hola", from_name: "Ana" });
    await until(() => fake.received.length === 1);
    expect(fake.received[0]).toEqual({ type: "message", to: JID, content: "echo: hola" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.context).toMatchObject({ chatId: JID, senderId: `whatsapp:${JID}`, chatType: "direct" });
    expect(seen[0]?.sender?.displayName).toBe("Ana");
  });

  test("a bridge that is down at start is dialled until it comes up; a dropped link is redialled", async () => {
    const { fake, channel } = await startScenario({ refuseFirst: true });
    await until(() => fake.refused >= 2);
    expect(channel?.isReady()).toBe(false);
    fake.refuse(false);
    await until(() => channel?.isReady() === true);
    fake.drop();
    await until(() => fake.connections === 2 && channel?.isReady() === true);
    fake.incoming({ from: JID, content: "are you back?" });
    await until(() => fake.received.length === 1);
    expect(fake.received[0]?.content).toBe("echo: are you back?");
  });

  test("group chats go through the group trigger; malformed frames are logged and skipped", async () => {
    const { fake, seen, channel } = await startScenario({ mentionOnly: true });
    await until(() => channel?.isReady() === true);
    const lines = captureWarnings(cleanups);
    fake.pushRaw("not json");
    fake.pushRaw(JSON.stringify({ type: "message", content: "no sender" }));
    fake.incoming({ from: JID, chat: "1203630@g.us", content: "group chatter" });
    fake.incoming({ from: JID, content: "direct question" });
    await until(() => fake.received.length === 1);
    expect(seen.map((m) => m.content)).toEqual(["direct question"]);
    expect(lines.filter((l) => l.includes("malformed bridge frame ignored"))).toHaveLength(2);
  });

  test("media paths from the bridge become media refs (never deleted by the gateway)", async () => {
    const { fake, seen, media, dataDir, channel } = await startScenario();
    await until(() => channel?.isReady() === true);
    const photo = join(dataDir, "photo.jpg");
    await writeFile(photo, "jpeg");
    fake.incoming({ from: JID, content: "[image]", media: [photo, join(dataDir, "missing.jpg")] });
    await until(() => seen.length === 1);
    expect(seen[0]?.media).toHaveLength(1);
    expect(media.resolve(seen[0]?.media?.[0] ?? "")).toBe(photo);
  });
});

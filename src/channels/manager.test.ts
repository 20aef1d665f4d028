import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordingChannel } from "../../test/fakes/recording-channel.ts";
import { MessageBus } from "../bus/bus.ts";
import type { Logger } from "../lib/logger.ts";
import { bunPlatform } from "../platform/bun.ts";
import { ChannelManager } from "./manager.ts";
import { type ChannelEntry, createChannelRegistry } from "./registry.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "manager-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function entry(name: string, overrides: Partial<ChannelEntry> = {}): ChannelEntry {
  return {
    name,
    type: "fake",
    settings: {},
    allow_from: [],
    group_trigger: {},
    typing: { enabled: true },
    placeholder: { enabled: false },
    ...overrides,
  };
}

function setup(entries: ChannelEntry[], extra: { restartDelayMs?: number } = {}) {
  const lines: string[] = [];
  const push = (message: string) => void lines.push(message);
  const log: Logger = { debug: push, info: push, warn: push, error: push };
  const checks = new Map<string, { ok: boolean; message?: string | undefined }>();
  let onCheck: () => void = () => {};
  /** Resolves when a check named `name` reports `ok`. */
  const checkBecomes = (name: string, ok: boolean) =>
    new Promise<void>((resolve) => {
      onCheck = () => {
        if (checks.get(name)?.ok === ok) resolve();
      };
      onCheck();
    });
  const channels = new Map<string, RecordingChannel>();
  const registry = createChannelRegistry([
    [
      "fake",
      (e, deps) => {
        const channel = new RecordingChannel(e.name, "fake");
        channel.deps = deps;
        channels.set(e.name, channel);
        return channel;
      },
    ],
  ]);
  const bus = new MessageBus();
  const manager = new ChannelManager({
    entries,
    registry,
    bus,
    platform: bunPlatform,
    dataDir: dir,
    log,
    janitorIntervalMs: 10,
    ...extra,
    health: {
      setCheck: (name, ok, message) => {
        checks.set(name, { ok, message });
        onCheck();
      },
    },
  });
  return { manager, bus, lines, checks, channels, checkBecomes };
}

describe("ChannelManager", () => {
  test("creates only enabled channels and warns once about an empty allow list", async () => {
    const { manager, lines, channels } = setup([
      entry("open"),
      entry("closed", { allow_from: ["42"] }),
      entry("off", { enabled: false }),
    ]);
    expect([...channels.keys()]).toEqual(["open", "closed"]);
    expect(lines.filter((l) => l.startsWith("SECURITY"))).toEqual([
      "SECURITY: channel open allows everyone (allow_from is empty)",
    ]);
    await manager.stop();
  });

  test("applies the allow list before the bus and starts typing for accepted messages", async () => {
    const { manager, bus, channels } = setup([entry("tg", { allow_from: ["42"] })]);
    await manager.start();
    const channel = channels.get("tg");
    const publish = channel?.deps?.publish;
    await publish?.({ context: { channel: "tg", chatId: "c", senderId: "7" }, content: "intruder" });
    await publish?.({ context: { channel: "tg", chatId: "c", senderId: "42" }, content: "owner" });
    const first = await bus.inbound.take();
    expect(first?.content).toBe("owner");
    expect(bus.inbound.size).toBe(0);
    expect(channel?.calls).toEqual([{ op: "typing.start", chatId: "c" }]);
    await manager.stop();
  });

  test("readiness checks fail until start, then follow each channel's connection", async () => {
    const { manager, checks, channels, checkBecomes } = setup([entry("a")]);
    expect(checks.get("channel:a")).toEqual({ ok: false, message: "not started" });
    await manager.start();
    expect(checks.get("channel:a")?.ok).toBe(true);
    const channel = channels.get("a");
    if (channel) channel.ready = false;
    await checkBecomes("channel:a", false);
    expect(checks.get("channel:a")?.message).toBe("not connected");
    await manager.stop();
  });

  test("drain delivers queued replies after the bus closes", async () => {
    const { manager, bus, channels } = setup([entry("a")]);
    await manager.start();
    for (let i = 0; i < 5; i++) {
      await bus.publishOutbound({ context: { channel: "a", chatId: "c" }, content: `r${i}` });
    }
    bus.close();
    await manager.drain(2000);
    await manager.stop();
    expect(channels.get("a")?.sentContents()).toEqual(["r0", "r1", "r2", "r3", "r4"]);
  });

  test("a channel that fails to start is started again until it runs, and gets the replies kept for it", async () => {
    const { manager, bus, lines, checks, channels, checkBecomes } = setup([entry("a"), entry("b")], {
      restartDelayMs: 5,
    });
    const b = channels.get("b");
    b?.startFailures.push(new Error("Failed to listen at 127.0.0.1"), new Error("still in use"));
    const bRuns = checkBecomes("channel:b", true);
    await manager.start();
    expect(checks.get("channel:a")?.ok).toBe(true);
    expect(checks.get("channel:b")).toEqual({
      ok: false,
      message: "start failed: Failed to listen at 127.0.0.1",
    });
    await bus.publishOutbound({ context: { channel: "b", chatId: "c" }, content: "kept while b was down" });
    await bRuns;
    await b?.waitForCalls(1);
    expect(b?.sentContents()).toEqual(["kept while b was down"]);
    expect(b?.startFailures).toEqual([]);
    expect(lines.filter((line) => line === "channel failed to start")).toHaveLength(2);
    await manager.stop();
  });

  test("a restart still under way when the manager stops is undone", async () => {
    const { manager, channels } = setup([entry("a"), entry("b")], { restartDelayMs: 5 });
    const b = channels.get("b");
    if (!b) throw new Error("no channel b");
    b.startFailures.push(new Error("down"));
    let open = () => {};
    b.startGate = new Promise((resolve) => {
      open = resolve;
    });
    const started = manager.start();
    await b.waitUntil(
      () => b.starts === 1,
      () => "no first start",
    );
    open();
    await started;
    b.startGate = new Promise((resolve) => {
      open = resolve;
    });
    await b.waitUntil(
      () => b.starts === 2,
      () => "no restart",
    );
    await manager.stop();
    expect(b.stops).toBe(1);
    open();
    await b.waitUntil(
      () => b.stops === 2,
      () => `the restarted channel was left running (${b.stops} stops)`,
    );
    expect(b.calls).toEqual([]);
  });
});

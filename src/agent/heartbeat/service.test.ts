import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ChatTarget,
  lastActiveWritten,
  MIN_WRITE_GAP_MS,
  readLastActive,
  recordLastActive,
} from "./last-active.ts";
import { HEARTBEAT_TEMPLATE } from "./prompt.ts";
import { createHeartbeatService, heartbeatIntervalMinutes, type SetTimer } from "./service.ts";

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "heartbeat-"));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

function fakeTimers() {
  const armed: Array<{ callback: () => void; delayMs: number }> = [];
  let onArm: (() => void) | undefined;
  const setTimer: SetTimer = (callback, delayMs) => {
    armed.push({ callback, delayMs });
    onArm?.();
    return () => undefined;
  };
  /** Fires the latest timer and resolves once the beat has re-armed. */
  const fire = () =>
    new Promise<void>((resolve) => {
      onArm = resolve;
      armed.at(-1)?.callback();
    });
  return { armed, setTimer, fire };
}

function harness(reply: string) {
  const turns: Array<{ prompt: string; target: ChatTarget }> = [];
  const sent: Array<{ target: ChatTarget; text: string }> = [];
  const timers = fakeTimers();
  const service = createHeartbeatService({
    workspace,
    intervalMinutes: 0,
    runTurn: async (prompt, target) => {
      turns.push({ prompt, target });
      return reply;
    },
    publish: async (target, text) => {
      sent.push({ target, text });
    },
    setTimer: timers.setTimer,
  });
  return { service, turns, sent, timers };
}

const addTask = (task: string) =>
  writeFile(join(workspace, "HEARTBEAT.md"), `${HEARTBEAT_TEMPLATE}\n- ${task}\n`);

describe("createHeartbeatService", () => {
  test("creates HEARTBEAT.md, beats 1 s after start then every interval, and stays idle on the template", async () => {
    const { service, turns, timers } = harness("anything");
    await service.start(new AbortController().signal);
    expect(await readFile(join(workspace, "HEARTBEAT.md"), "utf8")).toBe(HEARTBEAT_TEMPLATE);
    expect(timers.armed.map((t) => t.delayMs)).toEqual([1000]);
    await timers.fire();
    expect(timers.armed.map((t) => t.delayMs)).toEqual([1000, 30 * 60_000]);
    expect(turns).toEqual([]);
    service.stop();
  });

  test("runs the tasks on the last active chat and delivers the reply", async () => {
    const { service, turns, sent } = harness("The garden sensor is offline.");
    await addTask("Check the garden sensor");
    await recordLastActive(workspace, "telegram", "42");
    expect(await service.runOnce()).toBe("sent");
    expect(turns[0]?.prompt).toContain("Check the garden sensor");
    expect(turns[0]?.target).toEqual({ channel: "telegram", chatId: "42" });
    expect(sent).toEqual([
      { target: { channel: "telegram", chatId: "42" }, text: "The garden sensor is offline." },
    ]);
  });

  test("never sends HEARTBEAT_OK or empty replies", async () => {
    const { service, sent } = harness("HEARTBEAT_OK");
    await addTask("Check mail");
    await recordLastActive(workspace, "discord", "room");
    expect(await service.runOnce()).toBe("silent");
    expect(sent).toEqual([]);
  });

  test("without a recorded chat the turn runs on cli/direct and nothing is sent", async () => {
    const { service, turns, sent } = harness("news");
    await addTask("Summarise the news");
    expect(await service.runOnce()).toBe("undelivered");
    expect(turns[0]?.target).toEqual({ channel: "cli", chatId: "direct" });
    expect(sent).toEqual([]);
  });

  test("clamps the interval like PicoClaw", () => {
    expect(heartbeatIntervalMinutes(0)).toBe(30);
    expect(heartbeatIntervalMinutes(1)).toBe(5);
    expect(heartbeatIntervalMinutes(45)).toBe(45);
  });
});

describe("recordLastActive", () => {
  test("writes PicoClaw's state.json and ignores internal channels", async () => {
    await recordLastActive(workspace, "cli", "direct");
    expect(await readLastActive(workspace)).toBeUndefined();
    await recordLastActive(workspace, "slack", "C1:thread", Date.parse("2025-01-01T00:00:00Z"));
    const state = JSON.parse(await readFile(join(workspace, "state", "state.json"), "utf8"));
    expect(state).toEqual({
      last_channel: "slack:C1:thread",
      last_chat_id: "C1:thread",
      timestamp: "2025-01-01T00:00:00.000Z",
    });
    expect(await readLastActive(workspace)).toEqual({ channel: "slack", chatId: "C1:thread" });
  });

  test("many chats in a burst cost one write now and one at the end of the gap, with the latest chat", async () => {
    const t0 = Date.parse("2025-01-01T00:00:00Z");
    const state = join(workspace, "state", "state.json");
    await recordLastActive(workspace, "pico", "pico:a", t0);
    const first = await readFile(state, "utf8");
    for (let i = 0; i < 50; i++)
      await recordLastActive(workspace, "pico", `pico:c${i}`, t0 + MIN_WRITE_GAP_MS - 1);
    // Inside the gap nothing was rewritten yet.
    expect(await readFile(state, "utf8")).toBe(first);
    await lastActiveWritten(workspace);
    expect(await readLastActive(workspace)).toEqual({ channel: "pico", chatId: "pico:c49" });
  });

  test("reads the split form too", async () => {
    await mkdir(join(workspace, "state"), { recursive: true });
    await writeFile(
      join(workspace, "state", "state.json"),
      JSON.stringify({ last_channel: "mqtt", last_chat_id: "dev-1" }),
    );
    expect(await readLastActive(workspace)).toEqual({ channel: "mqtt", chatId: "dev-1" });
  });
});

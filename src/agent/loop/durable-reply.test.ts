/**
 * A reply leaves only once its session lines are durable, and waiting for the disk does not hold a
 * turn slot: with max_parallel_turns 1 the next session's turn runs while the first one's flush waits.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../../bus/bus.ts";
import type { InboundMessage } from "../../bus/message.ts";
import { setLogSink } from "../../lib/logger.ts";
import { createSessionStore, type SessionStore } from "../session/session-store.ts";
import { createScriptedProvider } from "../testing/scripted-provider.ts";
import { createTestTools } from "../testing/test-tools.ts";
import { createAgentLoop } from "./create-agent-loop.ts";

let ws: string;
let bus: MessageBus;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "durable-"));
  bus = new MessageBus();
});
afterEach(async () => {
  bus.close();
  await rm(ws, { recursive: true, force: true });
});

const msg = (content: string, chatId: string): InboundMessage => ({
  context: { channel: "telegram", chatId, chatType: "direct", senderId: "7", messageId: content },
  content,
});

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

test("the reply is published only after the fdatasync that covers both lines of its turn", async () => {
  const events: string[] = [];
  const sessions = createSessionStore(join(ws, "sessions"), {
    onSync: (path) => {
      const lines = readFileSync(path, "utf8").trimEnd().split("\n").length;
      events.push(`fdatasync ${lines} lines`);
    },
  });
  const agent = createAgentLoop({
    bus,
    provider: createScriptedProvider([{ text: "answer" }]),
    tools: createTestTools({}),
    workspace: ws,
    defaults: {},
    noModelReply: "",
    sessions,
  });
  const reply = agent.handle(msg("question", "a"));
  const out = await bus.outbound.take(AbortSignal.timeout(2000));
  events.push(`published ${out?.content}`);
  expect(await reply).toBe("answer");
  expect(events).toEqual(["fdatasync 2 lines", "published answer"]);
});

test("a flush that has not finished holds the reply but not the turn slot", async () => {
  const real = createSessionStore(join(ws, "sessions"));
  const disk = gate();
  const waiting = gate();
  let firstKey = "";
  const sessions: SessionStore = {
    ...real,
    sync: async (key) => {
      if (firstKey === "") firstKey = key;
      if (key === firstKey) {
        waiting.open();
        await disk.opened;
      }
      return real.sync(key);
    },
  };
  const provider = createScriptedProvider([{ text: "first" }, { text: "second" }]);
  const agent = createAgentLoop({
    bus,
    provider,
    tools: createTestTools({}),
    workspace: ws,
    defaults: { maxParallelTurns: 1 },
    noModelReply: "",
    sessions,
  });
  const a = agent.handle(msg("a", "chat-a"));
  await waiting.opened;
  // b's turn runs to its reply while a still waits for its disk flush.
  expect(await agent.handle(msg("b", "chat-b"))).toBe("second");
  expect((await bus.outbound.take(AbortSignal.timeout(2000)))?.content).toBe("second");
  expect(bus.outbound.size).toBe(0);
  // a's lines are written (a restart would see them) but its reply has not left.
  expect((await real.history(firstKey)).map((e) => e.message.content)).toEqual(["a", "first"]);
  disk.open();
  expect(await a).toBe("first");
  expect((await bus.outbound.take(AbortSignal.timeout(2000)))?.content).toBe("first");
});

test("when the flush fails the chat gets the error instead of a reply that was never saved", async () => {
  const real = createSessionStore(join(ws, "sessions"));
  const sessions: SessionStore = { ...real, sync: () => Promise.reject(new Error("EIO: disk gone")) };
  const agent = createAgentLoop({
    bus,
    provider: createScriptedProvider([{ text: "unsaved" }]),
    tools: createTestTools({}),
    workspace: ws,
    defaults: {},
    noModelReply: "",
    sessions,
  });
  const restore = setLogSink(() => {});
  try {
    expect(await agent.handle(msg("q", "c"))).toBe("Error processing message: EIO: disk gone");
  } finally {
    restore();
  }
  expect((await bus.outbound.take(AbortSignal.timeout(2000)))?.content).toBe(
    "Error processing message: EIO: disk gone",
  );
});

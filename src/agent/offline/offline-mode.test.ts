import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../../bus/bus.ts";
import type { InboundMessage, OutboundMessage } from "../../bus/message.ts";
import { type AgentLoopDeps, createAgentLoop } from "../loop/create-agent-loop.ts";
import {
  createScriptedProvider,
  type ScriptedProvider,
  type ScriptStep,
} from "../testing/scripted-provider.ts";
import { createTestTools } from "../testing/test-tools.ts";
import { KEPT_NOTICE, notKeptNotice } from "./offline-mode.ts";
import { OfflineQueue } from "./offline-queue.ts";

let ws: string;
let bus: MessageBus;
let root: AbortController;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "offline-mode-"));
  bus = new MessageBus();
  root = new AbortController();
});
afterEach(async () => {
  root.abort();
  bus.close();
  await rm(ws, { recursive: true, force: true });
});

const msg = (content: string, chatId = "42"): InboundMessage => ({
  context: { channel: "pico", chatId, chatType: "direct", senderId: "7", messageId: content },
  content,
});
const down: ScriptStep = { error: { reason: "network", message: "request failed: connection refused" } };
const nextOutbound = (): Promise<OutboundMessage | undefined> => bus.outbound.take(AbortSignal.timeout(3000));

async function offlineLoop(
  provider: ScriptedProvider,
  options: { maxMessages?: number; probeMinMs?: number; extra?: Partial<AgentLoopDeps> } = {},
) {
  const queue = new OfflineQueue({
    dir: join(ws, "queue"),
    maxMessages: options.maxMessages ?? 10,
    maxBytes: 1024 * 1024,
  });
  await queue.load();
  const probeMinMs = options.probeMinMs ?? 20;
  const agent = createAgentLoop({
    bus,
    provider,
    tools: createTestTools({}),
    workspace: ws,
    defaults: {},
    noModelReply: "no model",
    offline: { queue, probeMinMs, probeMaxMs: probeMinMs * 4 },
    ...options.extra,
  });
  // run() starts the probe; the inbound queue stays empty because the tests call handle().
  const running = agent.run(root.signal);
  return { agent, queue, running };
}

const userTexts = (provider: ScriptedProvider) =>
  provider.requests.map((r) => r.messages.filter((m) => m.role === "user").map((m) => m.content));

describe("offline mode", () => {
  test("keeps messages while the model is unreachable, tells the chat once, answers in order later", async () => {
    const provider = createScriptedProvider([down, down, { text: "r1" }, { text: "r2" }, { text: "r3" }]);
    const { agent, queue } = await offlineLoop(provider);
    for (const text of ["q1", "q2", "q3"]) expect(await agent.handle(msg(text))).toBe("");
    expect(queue.size).toBeGreaterThan(0);
    const outs: OutboundMessage[] = [];
    for (let i = 0; i < 4; i++) {
      const out = await nextOutbound();
      if (out) outs.push(out);
    }
    expect(outs.map((o) => o.content)).toEqual([KEPT_NOTICE, "r1", "r2", "r3"]);
    expect(outs.map((o) => o.context.replyToMessageId)).toEqual(["q1", "q1", "q2", "q3"]);
    await agent.idle();
    expect(queue.size).toBe(0);
    // Each replayed turn saw the earlier answered messages and its own, once.
    expect(userTexts(provider).at(-1)).toEqual(["q1", "q2", "q3"]);
    const key = outs[1]?.sessionKey ?? "";
    const history = await agent.sessions.history(key);
    expect(history.map((e) => e.message.content)).toEqual(["q1", "r1", "q2", "r2", "q3", "r3"]);
  });

  test("an auth failure is not an outage: the sender gets the error and nothing is kept", async () => {
    const provider = createScriptedProvider([{ error: { reason: "auth", message: "401 invalid api key" } }]);
    const { agent, queue } = await offlineLoop(provider);
    expect(await agent.handle(msg("hello"))).toContain("invalid api key");
    expect(queue.size).toBe(0);
  });

  test("a message that does not fit is refused with a notice, never silently dropped", async () => {
    const provider = createScriptedProvider([down]);
    const { agent, queue } = await offlineLoop(provider, { maxMessages: 1, probeMinMs: 60_000 });
    await agent.handle(msg("fits"));
    await agent.handle(msg("does not fit"));
    expect(queue.size).toBe(1);
    expect((await nextOutbound())?.content).toBe(KEPT_NOTICE);
    const refused = await nextOutbound();
    expect(refused?.content).toBe(notKeptNotice("full"));
    expect(refused?.context.replyToMessageId).toBe("does not fit");
  });

  test("a turn that succeeds in another chat replays the kept messages at once", async () => {
    const provider = createScriptedProvider([down, { text: "other answered" }, { text: "kept answered" }]);
    const { agent, queue } = await offlineLoop(provider, { probeMinMs: 60_000 });
    await agent.handle(msg("kept", "a"));
    expect((await nextOutbound())?.content).toBe(KEPT_NOTICE);
    expect(await agent.handle(msg("other", "b"))).toBe("other answered");
    expect((await nextOutbound())?.content).toBe("other answered");
    expect((await nextOutbound())?.content).toBe("kept answered");
    await agent.idle();
    expect(queue.size).toBe(0);
  });

  test("messages that steered into the failing turn are kept after it, in order", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived = () => {};
    const asked = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const provider = createScriptedProvider([
      { ...down, gate, onRequest: () => arrived() },
      { text: "r1" },
      { text: "r2" },
    ]);
    const { agent, queue } = await offlineLoop(provider);
    const first = agent.handle(msg("q1"));
    await asked;
    expect(await agent.handle(msg("q2"))).toBe("");
    release();
    await first;
    const contents = [];
    for (let i = 0; i < 3; i++) contents.push((await nextOutbound())?.content);
    expect(contents).toEqual([KEPT_NOTICE, "r1", "r2"]);
    await agent.idle();
    expect(queue.size).toBe(0);
  });

  test("without an offline queue (the CLI) the reply says the provider is unreachable", async () => {
    const provider = createScriptedProvider([down]);
    const { agent } = await offlineLoop(provider, { extra: { offline: undefined } });
    const reply = await agent.handle(msg("hello"));
    expect(reply).toContain("The model provider is unreachable");
    expect(reply).toContain("connection refused");
  });
});

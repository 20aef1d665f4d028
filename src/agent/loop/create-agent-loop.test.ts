import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../../bus/bus.ts";
import type { InboundMessage, OutboundMessage } from "../../bus/message.ts";
import { setLogSink } from "../../lib/logger.ts";
import type { ChatRequest } from "../../providers/provider.ts";
import { createSessionStore, type SessionStore } from "../session/session-store.ts";
import { createScriptedProvider, type ScriptedProvider } from "../testing/scripted-provider.ts";
import { createTestTools } from "../testing/test-tools.ts";
import { SKIPPED_FOR_STEERING } from "../turn/replies.ts";
import { type AgentLoopDeps, createAgentLoop } from "./create-agent-loop.ts";

let ws: string;
let bus: MessageBus;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "loop-"));
  bus = new MessageBus();
});
afterEach(async () => {
  bus.close();
  await rm(ws, { recursive: true, force: true });
});

const msg = (content: string, chatId = "42", messageId = "m1"): InboundMessage => ({
  context: { channel: "telegram", chatId, chatType: "direct", senderId: "7", messageId },
  content,
});

function loop(provider: ScriptedProvider | undefined, extra: Partial<AgentLoopDeps> = {}) {
  return createAgentLoop({
    bus,
    provider,
    tools: createTestTools({}),
    workspace: ws,
    defaults: {},
    noModelReply: "no model configured",
    ...extra,
  });
}

const nextOutbound = (): Promise<OutboundMessage | undefined> => bus.outbound.take(AbortSignal.timeout(2000));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("createAgentLoop", () => {
  test("replies through the bus with the inbound context and persists the session", async () => {
    const agent = loop(createScriptedProvider([{ text: "hello!" }]));
    expect(await agent.handle(msg("hi"))).toBe("hello!");
    const out = await nextOutbound();
    expect(out).toMatchObject({
      content: "hello!",
      kind: "final",
      context: { channel: "telegram", chatId: "42", replyToMessageId: "m1" },
    });
    expect(out?.sessionKey).toMatch(/^sk_v1_[0-9a-f]{64}$/);
    const files = await readdir(join(ws, "sessions"));
    expect(files.sort()).toEqual([`${out?.sessionKey}.jsonl`, `${out?.sessionKey}.meta.json`]);
    const history = await agent.sessions.history(out?.sessionKey ?? "");
    expect(history.map((e) => e.message.content)).toEqual(["hi", "hello!"]);
  });

  test("without a provider every reply is the no-model reply", async () => {
    const agent = loop(undefined);
    expect(await agent.handle(msg("hi"))).toBe("no model configured");
    expect((await nextOutbound())?.content).toBe("no model configured");
  });

  test("cli replies are returned, not published", async () => {
    const agent = loop(createScriptedProvider([{ text: "local" }]));
    const reply = await agent.handle({
      context: { channel: "cli", chatId: "direct" },
      content: "hi",
      sessionKey: "cli:default",
    });
    expect(reply).toBe("local");
    expect(bus.outbound.size).toBe(0);
    const meta = JSON.parse(
      await Bun.file(
        join(
          ws,
          "sessions",
          (await readdir(join(ws, "sessions"))).find((f) => f.endsWith(".meta.json")) ?? "",
        ),
      ).text(),
    );
    expect(meta.aliases).toContain("cli:default");
  });

  test("a message for a busy session steers the running turn", async () => {
    const gate = deferred();
    const requested = deferred();
    const provider = createScriptedProvider([
      {
        gate: gate.promise,
        onRequest: () => requested.resolve(),
        toolCalls: [
          { name: "a", args: {} },
          { name: "b", args: {} },
        ],
      },
      { text: "handled both" },
    ]);
    const tools = createTestTools({ a: () => ({ content: "A" }), b: () => ({ content: "B" }) });
    const agent = loop(provider, { tools });
    const first = agent.handle(msg("do a and b"));
    await requested.promise;
    expect(await agent.handle(msg("also c", "42", "m2"))).toBe("");
    gate.resolve();
    expect(await first).toBe("handled both");
    expect(tools.calls.map((c) => c.name)).toEqual(["a"]);
    const second = provider.requests[1]?.messages ?? [];
    expect(second.filter((m) => m.role === "tool").map((m) => m.content)).toEqual([
      "A",
      SKIPPED_FOR_STEERING,
    ]);
    expect(second.at(-1)?.content).toBe("also c");
    expect((await nextOutbound())?.content).toBe("handled both");
  });

  test("messages queued after the last tool call start one continuation turn (mode all); the 11th is refused", async () => {
    const gate = deferred();
    const requested = deferred();
    const provider = createScriptedProvider([
      { gate: gate.promise, onRequest: () => requested.resolve(), text: "first" },
      { text: "rest" },
    ]);
    const agent = loop(provider, { defaults: { steeringMode: "all" } });
    const first = agent.handle(msg("start"));
    await requested.promise;
    for (let i = 0; i < 10; i++) expect(await agent.handle(msg(`more ${i}`))).toBe("");
    expect(await agent.handle(msg("one too many"))).toContain("still working");
    gate.resolve();
    expect(await first).toBe("first");
    expect(provider.requests.length).toBe(2);
    const continuation = provider.requests[1]?.messages.slice(-10).map((m) => m.content);
    expect(continuation).toEqual(Array.from({ length: 10 }, (_, i) => `more ${i}`));
  });

  test("/stop cancels the running turn of that session", async () => {
    const requested = deferred();
    const provider = createScriptedProvider([
      { gate: new Promise(() => {}), onRequest: () => requested.resolve() },
    ]);
    const agent = loop(provider);
    const first = agent.handle(msg("long task"));
    await requested.promise;
    expect(await agent.handle(msg("/stop"))).toBe('Task stopped. "long task" was canceled.');
    expect(await first).toBe("");
    expect((await nextOutbound())?.content).toBe('Task stopped. "long task" was canceled.');
    expect(bus.outbound.size).toBe(0);
    expect(await agent.handle(msg("/STOP@picobot"))).toBe("No active task to stop.");
  });

  test("a turn that throws replies with an error and leaves the session usable", async () => {
    const real = createSessionStore(join(ws, "sessions"));
    let failOnce = true;
    const flaky: SessionStore = {
      ...real,
      history: (key, limit) => {
        if (failOnce) {
          failOnce = false;
          return Promise.reject(new Error("disk gone"));
        }
        return real.history(key, limit);
      },
    };
    const agent = loop(createScriptedProvider([{ text: "recovered" }]), { sessions: flaky });
    const logged: string[] = [];
    const restore = setLogSink((line) => logged.push(line));
    expect(await agent.handle(msg("one"))).toBe("Error processing message: disk gone");
    restore();
    expect(logged.some((line) => line.includes("[agent] turn failed") && line.includes("disk gone"))).toBe(
      true,
    );
    expect(await agent.handle(msg("two"))).toBe("recovered");
  });

  test("max_parallel_turns bounds turns across sessions", async () => {
    const gate = deferred();
    const requested = deferred();
    const bRouted = deferred();
    const real = createSessionStore(join(ws, "sessions"));
    let bKey = "";
    let bStarted = false;
    const sessions: SessionStore = {
      ...real,
      ensureMeta: async (key, scope, aliases) => {
        await real.ensureMeta(key, scope, aliases);
        if (scope.values["chat"] === "direct:chat-b") {
          bKey = key;
          bRouted.resolve();
        }
      },
      history: (key, limit) => {
        if (key === bKey) bStarted = true;
        return real.history(key, limit);
      },
    };
    const provider = createScriptedProvider([
      { gate: gate.promise, onRequest: () => requested.resolve(), text: "first" },
      { text: "second" },
    ]);
    const agent = loop(provider, { sessions });
    const a = agent.handle(msg("a", "chat-a"));
    await requested.promise;
    const b = agent.handle(msg("b", "chat-b"));
    await bRouted.promise;
    // Give b every chance to start (one full event-loop turn); with one slot it must still be waiting.
    await new Promise((resolve) => setImmediate(resolve));
    expect(bStarted).toBe(false);
    gate.resolve();
    expect(await Promise.all([a, b])).toEqual(["first", "second"]);
  });

  test("/clear hides history; /btw answers without tools or history writes", async () => {
    const provider = createScriptedProvider([{ text: "r1" }, { text: "side answer" }, { text: "r2" }]);
    const agent = loop(provider, { tools: createTestTools({ t: () => ({ content: "" }) }) });
    await agent.handle(msg("first"));
    expect(await agent.handle(msg("/btw what time is it"))).toBe("side answer");
    expect(provider.requests[1]?.tools).toBeUndefined();
    expect(provider.requests[1]?.messages.map((m) => m.content).slice(1)).toEqual([
      "first",
      "r1",
      "what time is it",
    ]);
    expect(await agent.handle(msg("/clear"))).toBe("Chat history cleared!");
    await agent.handle(msg("again"));
    expect(provider.requests[2]?.messages.map((m) => m.content).slice(1)).toEqual(["again"]);
  });

  test("summarizes older turns in the background and advances skip", async () => {
    let summaryRequest: ChatRequest | undefined;
    const provider = createScriptedProvider([{ text: "r1" }, { text: "r2" }, { text: "r3" }]);
    const agent = loop(provider, { defaults: { summarizeMessageThreshold: 4 } });
    await agent.handle(msg("q1"));
    await agent.handle(msg("q2"));
    provider.push((request) => {
      summaryRequest = request;
      return { text: "User asked q1 and q2." };
    });
    await agent.handle(msg("q3"));
    await agent.idle();
    expect(summaryRequest?.messages[0]?.content).toContain("user: q1");
    const out = await nextOutbound();
    const meta = await agent.sessions.meta(out?.sessionKey ?? "");
    expect(meta.summary).toBe("User asked q1 and q2.");
    expect(meta.skip).toBe(2);
    provider.push({ text: "r4" });
    await agent.handle(msg("q4"));
    // The turn's request (the next background summary may already have been asked for after it).
    const turnsAsked = provider.requests.filter((r) => r.messages[0]?.role === "system");
    const last = turnsAsked.at(-1)?.messages ?? [];
    expect(last[0]?.content).toContain("User asked q1 and q2.");
    expect(last.slice(1).map((m) => m.content)).toEqual(["q2", "r2", "q3", "r3", "q4"]);
  });

  test("emergency compression is recorded in the summary and skip", async () => {
    const provider = createScriptedProvider([
      { text: "r1" },
      { text: "r2" },
      { error: { reason: "context_overflow" } },
      { text: "fits" },
    ]);
    const agent = loop(provider);
    for (const q of ["q1", "q2"]) await agent.handle(msg(q));
    expect(await agent.handle(msg("q3"))).toBe("fits");
    const key = (await nextOutbound())?.sessionKey ?? "";
    const meta = await agent.sessions.meta(key);
    expect(meta.summary).toBe("[Emergency compression dropped 2 oldest messages due to context limit]");
    expect(meta.skip).toBe(2);
  });

  test("a reply already sent with the message tool is not published again", async () => {
    const tools = createTestTools({ message: () => ({ content: "Message sent" }) });
    const provider = createScriptedProvider([
      { toolCalls: [{ name: "message", args: { content: "hey" } }] },
      { text: "Done, I messaged you." },
    ]);
    const agent = loop(provider, { tools });
    expect(await agent.handle(msg("ping me"))).toBe("");
    expect(bus.outbound.size).toBe(0);
  });

  test("a system message is answered in the origin chat", async () => {
    const provider = createScriptedProvider([{ text: "Your report is ready." }]);
    const agent = loop(provider);
    await agent.handle({
      context: { channel: "system", chatId: "telegram:42", senderId: "subagent:report" },
      content: "Result: 3 items",
    });
    expect(provider.requests[0]?.messages.at(-1)?.content).toBe("[System: subagent:report] Result: 3 items");
    expect(await nextOutbound()).toMatchObject({
      context: { channel: "telegram", chatId: "42" },
      content: "Your report is ready.",
    });
  });

  test("run consumes the inbound queue until the bus closes", async () => {
    const agent = loop(createScriptedProvider([{ text: "one" }, { text: "two" }]));
    const running = agent.run(new AbortController().signal);
    await bus.publishInbound(msg("a", "x"));
    await bus.publishInbound(msg("b", "y"));
    const replies = [(await nextOutbound())?.content, (await nextOutbound())?.content];
    expect(replies.sort()).toEqual(["one", "two"]);
    bus.close();
    await running;
  });
});

import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../bus/bus.ts";
import type { ToolRegistry } from "../tools/tool.ts";
import { createAgentLoop, createSpawnTool } from "./index.ts";
import { createScriptedProvider, type ScriptStep } from "./testing/scripted-provider.ts";

let ws: string;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "spawn-loop-"));
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
});

test("a spawned task's result comes back through the bus as a reply in the origin chat", async () => {
  const bus = new MessageBus();
  const provider = createScriptedProvider();
  let releaseSubagent = () => {};
  const mainReplied = new Promise<void>((resolve) => {
    releaseSubagent = resolve;
  });
  // One script for all callers: the subagent, the main turn and the relay turn are told apart by content.
  const answer = (request: { messages: readonly { role: string; content: string }[] }): ScriptStep => {
    const system = request.messages[0]?.content ?? "";
    const last = request.messages.at(-1);
    // The subagent answers only after the main turn has replied, so the result arrives as a new message.
    if (system.includes("subagent of PicoClaw")) return { gate: mainReplied, text: "42 stars" };
    if (last?.content.startsWith("[System: subagent:stars]")) return { text: "The repo has 42 stars." };
    if (last?.role === "tool") return { text: "I started a background task." };
    return { toolCalls: [{ name: "spawn", args: { task: "count stars", label: "stars" } }] };
  };
  for (let i = 0; i < 4; i++) provider.push(answer);
  let registry: ToolRegistry | undefined;
  const spawn = createSpawnTool({
    bus,
    provider,
    tools: () => registry ?? tools,
    workspace: ws,
    limits: { maxTokens: 100, contextWindow: 100_000, maxToolIterations: 5 },
  });
  const tools: ToolRegistry = {
    definitions: () => [spawn.definition],
    execute: (_n, args, ctx) => spawn.execute(args, ctx),
  };
  registry = tools;
  const agent = createAgentLoop({ bus, provider, tools, workspace: ws, defaults: {}, noModelReply: "none" });
  const controller = new AbortController();
  const running = agent.run(controller.signal);
  await bus.publishInbound({
    context: { channel: "telegram", chatId: "9", chatType: "group", messageId: "5" },
    content: "how many stars?",
  });
  const timeout = AbortSignal.timeout(3000);
  expect((await bus.outbound.take(timeout))?.content).toBe("I started a background task.");
  releaseSubagent();
  const relay = await bus.outbound.take(timeout);
  expect(relay).toMatchObject({
    content: "The repo has 42 stars.",
    context: { channel: "telegram", chatId: "9" },
  });
  // The relay turn ran in the origin session, so it saw the original question.
  expect(provider.requests.at(-1)?.messages.some((m) => m.content === "how many stars?")).toBe(true);
  await spawn.idle();
  bus.close();
  await running;
});

import { describe, expect, test } from "bun:test";
import { MessageBus } from "../bus/bus.ts";
import type { ToolContext, ToolRegistry } from "../tools/tool.ts";
import { createSpawnTool, type SpawnToolDeps } from "./spawn.ts";
import { createScriptedProvider, type ScriptStep } from "./testing/scripted-provider.ts";
import { createTestTools } from "./testing/test-tools.ts";

const context: ToolContext = {
  channel: "telegram",
  chatId: "42",
  sessionKey: "sk_v1_origin",
  workspace: "/ws",
  signal: new AbortController().signal,
  isInternal: false,
};

function deps(overrides: Partial<SpawnToolDeps>): SpawnToolDeps {
  return {
    bus: new MessageBus(),
    provider: createScriptedProvider([]),
    tools: () => createTestTools({}),
    workspace: "/ws",
    limits: { maxTokens: 100, contextWindow: 100_000, maxToolIterations: 5 },
    ...overrides,
  };
}

describe("createSpawnTool", () => {
  test("runs the task in the background and reports to the origin chat as a system message", async () => {
    const provider = createScriptedProvider([{ toolCalls: [{ name: "ls", args: {} }] }, { text: "3 files" }]);
    const tools = createTestTools({ ls: () => ({ content: "a b c" }) });
    const d = deps({ provider, tools: () => tools });
    const spawn = createSpawnTool(d);
    const started = await spawn.execute({ task: "count the files", label: "counter" }, context);
    expect(started.isError).toBeUndefined();
    expect(started.content).toContain("counter");
    await spawn.idle();
    expect(tools.calls[0]?.context).toMatchObject({ channel: "subagent", isInternal: true });
    expect(provider.requests[0]?.messages.at(-1)?.content).toBe("count the files");
    const report = d.bus.inbound.tryTake();
    expect(report).toMatchObject({
      context: { channel: "system", chatId: "telegram:42", senderId: "subagent:counter" },
      sessionKey: "sk_v1_origin",
      content: "Task 'counter' completed.\n\nResult:\n3 files",
    });
  });

  test("nested spawns stop at the depth limit and still report to the top-level chat", async () => {
    const provider = createScriptedProvider();
    const nest = (request: { messages: readonly { role: string; content: string }[] }): ScriptStep => {
      const last = request.messages.at(-1);
      if (last?.role === "tool") return { text: last.content.includes("depth limit") ? "bottom" : "spawned" };
      return { toolCalls: [{ name: "spawn", args: { task: "deeper" } }] };
    };
    for (let i = 0; i < 8; i++) provider.push(nest);
    let registry: ToolRegistry = createTestTools({});
    const d = deps({ provider, tools: () => registry, maxDepth: 2 });
    const spawn = createSpawnTool(d);
    registry = {
      definitions: () => [spawn.definition],
      execute: (_name, args, ctx) => spawn.execute(args, ctx),
    };
    await spawn.execute({ task: "top", label: "top" }, context);
    await spawn.idle();
    const reports = [d.bus.inbound.tryTake(), d.bus.inbound.tryTake(), d.bus.inbound.tryTake()];
    expect(reports.map((r) => r?.context.chatId)).toEqual(["telegram:42", "telegram:42", undefined]);
    const toolResults = provider.requests.flatMap((r) =>
      r.messages.filter((m) => m.role === "tool").map((m) => m.content),
    );
    expect(toolResults.some((c) => c.includes("depth limit (2) reached"))).toBe(true);
  });

  test("refuses to run more than max_concurrent subagents", async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const spawn = createSpawnTool(
      deps({ provider: createScriptedProvider([{ gate, text: "done" }]), maxConcurrent: 1 }),
    );
    expect((await spawn.execute({ task: "one" }, context)).isError).toBeUndefined();
    const second = await spawn.execute({ task: "two" }, context);
    expect(second.isError).toBe(true);
    expect(second.content).toContain("already running");
    open();
    await spawn.idle();
  });

  test("a sub-turn past its timeout reports that it did not finish", async () => {
    const d = deps({ provider: createScriptedProvider([{ gate: new Promise(() => {}) }]), timeoutMs: 20 });
    const spawn = createSpawnTool(d);
    await spawn.execute({ task: "forever", label: "slow" }, context);
    await spawn.idle();
    expect(d.bus.inbound.tryTake()?.content).toContain("Task 'slow' did not finish");
  });

  test("rejects a missing task", async () => {
    const spawn = createSpawnTool(deps({}));
    expect(await spawn.execute({ label: "x" }, context)).toEqual({
      content: "task is required",
      isError: true,
    });
  });
});

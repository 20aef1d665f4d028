import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../bus/bus.ts";
import type { InboundMessage } from "../bus/message.ts";
import { createCronJob, type NewCronJob } from "../cron/job.ts";
import { bunPlatform } from "../platform/bun.ts";
import { createExecTool } from "../tools/exec/exec.ts";
import { createToolRegistry } from "../tools/registry.ts";
import { createAgentCronJobRunner } from "./cron-job-runner.ts";

const workspace = mkdtempSync(join(tmpdir(), "cron-runner-"));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function setup() {
  const bus = new MessageBus();
  const turns: InboundMessage[] = [];
  const loop = {
    handle: async (message: InboundMessage) => {
      turns.push(message);
      return `reply to ${message.content}`;
    },
  };
  // The real exec tool with its default: remote channels may not exec, so the job must run as internal.
  const tools = createToolRegistry([
    createExecTool({ workspace, restrictToWorkspace: true, spawn: bunPlatform.spawn }),
  ]);
  const runJob = createAgentCronJobRunner({ loop, tools, workspace, bus });
  return { bus, turns, runJob };
}

const job = (input: Partial<NewCronJob>) =>
  createCronJob(
    {
      name: "j",
      schedule: { kind: "every", everyMs: 60_000 },
      message: "",
      channel: "telegram",
      to: "42",
      ...input,
    },
    Date.now(),
  );

describe("createAgentCronJobRunner", () => {
  test("a command runs through the exec tool as an internal call; its output goes to the job's chat", async () => {
    const { bus, turns, runJob } = setup();
    await runJob(job({ command: "echo scheduled-output" }), new AbortController().signal);
    const sent = await bus.outbound.take();
    expect(sent?.context).toMatchObject({ channel: "telegram", chatId: "42" });
    expect(sent?.content).toContain("Scheduled command 'echo scheduled-output' executed:");
    expect(sent?.content).toContain("scheduled-output");
    expect(turns).toEqual([]);
  });

  test("a message runs an internal turn in the job's session; the reply goes to the job's chat", async () => {
    const { bus, turns, runJob } = setup();
    const scheduled = job({ message: "water the plants" });
    await runJob(scheduled, new AbortController().signal);
    expect(turns).toHaveLength(1);
    expect(turns[0]?.context).toEqual({ channel: "cli", chatId: "cron" });
    expect(turns[0]?.sessionKey).toBe(`agent:cron-${scheduled.id}`);
    const sent = await bus.outbound.take();
    expect(sent).toMatchObject({
      context: { channel: "telegram", chatId: "42" },
      content: "reply to water the plants",
    });
  });
});

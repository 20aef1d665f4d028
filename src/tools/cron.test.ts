import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cronStorePath, readCronJobs } from "../cron/store.ts";
import { createCronTool } from "./cron.ts";
import type { ToolContext } from "./tool.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");
let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "cron-tool-"));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

const ctx = (channel: string, chatId: string, isInternal = false): ToolContext => ({
  channel,
  chatId,
  sessionKey: "s",
  workspace,
  signal: new AbortController().signal,
  isInternal,
});
const alice = () => ctx("telegram", "alice");
const bob = () => ctx("telegram", "bob");
const cli = () => ctx("cli", "direct", true);
const jobs = () => readCronJobs(cronStorePath(workspace));

describe("cron tool", () => {
  test("add prefers at_seconds over every_seconds and names the job after the message", async () => {
    let changes = 0;
    const tool = createCronTool({ now: () => NOW, onJobsChanged: () => changes++ });
    const result = await tool.execute(
      {
        action: "add",
        message: "Take the laundry out of the machine please",
        at_seconds: 600,
        every_seconds: 0,
      },
      alice(),
    );
    expect(result.isError).toBeUndefined();
    const [job] = await jobs();
    expect(result.content).toBe(`Cron job added: Take the laundry out of the... (id: ${job?.id})`);
    expect(job?.schedule).toMatchObject({ kind: "at", atMs: NOW + 600_000 });
    expect(job?.deleteAfterRun).toBe(true);
    expect(job?.payload).toMatchObject({ channel: "telegram", to: "alice" });
    expect(changes).toBe(1);
  });

  test("add validates its schedule", async () => {
    const tool = createCronTool({ now: () => NOW });
    expect((await tool.execute({ action: "add", message: "x" }, alice())).content).toContain(
      "one of at_seconds",
    );
    const bad = await tool.execute({ action: "add", message: "x", cron_expr: "70 * * * *" }, alice());
    expect(bad.isError).toBe(true);
    expect(bad.content).toContain("invalid cron_expr");
    expect(
      (await tool.execute({ action: "add", message: "x", every_seconds: 60 }, ctx("", ""))).isError,
    ).toBe(true);
  });

  test("commands only from internal channels, and with confirmation when allow_command is off", async () => {
    const open = createCronTool({ now: () => NOW });
    const remote = await open.execute(
      { action: "add", message: "disk", command: "df -h", every_seconds: 60 },
      alice(),
    );
    expect(remote.isError).toBe(true);
    expect(remote.content).toContain("restricted to internal channels");
    expect(
      (await open.execute({ action: "add", message: "disk", command: "df -h", every_seconds: 60 }, cli()))
        .isError,
    ).toBeUndefined();

    const strict = createCronTool({ now: () => NOW, allowCommand: false });
    const unconfirmed = await strict.execute(
      { action: "add", message: "d", command: "df", every_seconds: 60 },
      cli(),
    );
    expect(unconfirmed.content).toContain("command_confirm=true");
    const confirmed = await strict.execute(
      { action: "add", message: "d", command: "df", every_seconds: 60, command_confirm: true },
      cli(),
    );
    expect(confirmed.isError).toBeUndefined();
    const noExec = createCronTool({ now: () => NOW, execEnabled: false });
    expect(
      (await noExec.execute({ action: "add", message: "d", command: "df", every_seconds: 60 }, cli()))
        .content,
    ).toBe("command execution is disabled");
  });

  test("remote chats only see and change their own jobs", async () => {
    const tool = createCronTool({ now: () => NOW });
    await tool.execute({ action: "add", message: "alice's", every_seconds: 60 }, alice());
    await tool.execute({ action: "add", message: "bob's", every_seconds: 60 }, bob());
    await tool.execute({ action: "add", message: "system", command: "uptime", every_seconds: 60 }, cli());
    const [aliceJob] = await jobs();
    const id = aliceJob?.id ?? "";

    const aliceList = await tool.execute({ action: "list" }, alice());
    expect(aliceList.content).toBe(`Scheduled jobs:\n- alice's (id: ${id}, every 60s)\n`);
    expect((await tool.execute({ action: "list" }, cli())).content.split("\n- ")).toHaveLength(4);

    for (const action of ["get", "update", "remove", "disable"]) {
      const denied = await tool.execute({ action, job_id: id, name: "hijacked" }, bob());
      expect(denied.content).toBe(`Job ${id} is not accessible from this channel`);
    }
    const got = await tool.execute({ action: "get", job_id: id }, alice());
    expect(JSON.parse(got.content)).toMatchObject({ id, payload: { message: "alice's" } });
  });

  test("update patches fields and keeps the rest; enable/disable/remove", async () => {
    const tool = createCronTool({ now: () => NOW });
    await tool.execute({ action: "add", message: "water plants", every_seconds: 3600 }, alice());
    const id = (await jobs())[0]?.id ?? "";

    const updated = await tool.execute(
      { action: "update", job_id: id, cron_expr: "0 8 * * *", name: "plants" },
      alice(),
    );
    expect(updated.content).toStartWith("Cron job updated:\n");
    const [job] = await jobs();
    expect(job).toMatchObject({
      name: "plants",
      schedule: { kind: "cron", expr: "0 8 * * *" },
      payload: { message: "water plants" },
    });
    expect(job?.state.nextRunAtMs).toBeGreaterThan(NOW);

    expect((await tool.execute({ action: "update", job_id: id }, alice())).content).toBe(
      "at least one update field is required",
    );
    expect(
      (await tool.execute({ action: "update", job_id: id, at_seconds: 5, every_seconds: 5 }, alice()))
        .isError,
    ).toBe(true);
    expect((await tool.execute({ action: "update", job_id: id, message: " " }, alice())).content).toBe(
      "message cannot be empty",
    );
    expect((await tool.execute({ action: "update", job_id: id, command: "ls" }, alice())).isError).toBe(true);

    expect((await tool.execute({ action: "disable", job_id: id }, alice())).content).toBe(
      "Cron job 'plants' disabled",
    );
    expect((await jobs())[0]?.state.nextRunAtMs).toBeUndefined();
    expect((await tool.execute({ action: "list" }, alice())).content).toBe("No scheduled jobs");
    expect((await tool.execute({ action: "enable", job_id: id }, alice())).content).toBe(
      "Cron job 'plants' enabled",
    );
    expect((await tool.execute({ action: "remove", job_id: id }, alice())).content).toBe(
      `Cron job removed: ${id}`,
    );
    expect(await jobs()).toEqual([]);
    expect((await tool.execute({ action: "remove", job_id: id }, alice())).content).toBe(
      `Job ${id} not found`,
    );
    expect((await tool.execute({ action: "explode" }, alice())).content).toBe("unknown action: explode");
  });
});

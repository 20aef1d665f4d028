import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cronStorePath, readCronJobs } from "../cron/store.ts";
import { cronCommand, defaultWorkspace } from "./cron.ts";

let home: string;
let workspace: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "cron-cli-"));
  workspace = join(home, "workspace");
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await cronCommand.run(args, {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    env: { PICOCLAW_HOME: home },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("picoclaw cron", () => {
  test("defaults the workspace to $PICOCLAW_HOME/workspace", () => {
    expect(defaultWorkspace({ PICOCLAW_HOME: "/srv/pc" })).toBe(join("/srv/pc", "workspace"));
    expect(defaultWorkspace({ HOME: "/home/u" })).toBe(join("/home/u", ".picoclaw", "workspace"));
  });

  test("add writes PicoClaw's CronJob shape; list shows it", async () => {
    const added = await cli(
      "add",
      "-n",
      "standup",
      "-m",
      "Time for standup",
      "-c",
      "0 9 * * 1-5",
      "--tz",
      "Europe/Berlin",
      "--channel",
      "telegram",
      "--to",
      "42",
    );
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^✓ Added job 'standup' \([0-9a-f]{16}\)$/);

    const file = JSON.parse(await readFile(cronStorePath(workspace), "utf8"));
    expect(file.version).toBe(1);
    const job = file.jobs[0];
    expect(Object.keys(job)).toEqual([
      "id",
      "name",
      "enabled",
      "schedule",
      "payload",
      "state",
      "createdAtMs",
      "updatedAtMs",
      "deleteAfterRun",
    ]);
    expect(job.schedule).toEqual({ kind: "cron", expr: "0 9 * * 1-5", tz: "Europe/Berlin" });
    expect(job.payload).toEqual({
      kind: "agent_turn",
      message: "Time for standup",
      channel: "telegram",
      to: "42",
    });
    expect(typeof job.state.nextRunAtMs).toBe("number");
    expect(job.deleteAfterRun).toBe(false);

    const listed = await cli("list");
    expect(listed.out).toContain(`  standup (${job.id})`);
    expect(listed.out).toContain("    Schedule: 0 9 * * 1-5 (Europe/Berlin)");
    expect(listed.out).toContain("    Status: enabled");
  });

  test("every jobs, disable, enable and remove", async () => {
    await cli("add", "-n", "ping", "-m", "ping", "-e", "90");
    const [job] = await readCronJobs(cronStorePath(workspace));
    expect(job?.schedule).toEqual({
      kind: "every",
      everyMs: 90_000,
      atMs: undefined,
      expr: undefined,
      tz: undefined,
    });
    const id = job?.id ?? "";

    expect((await cli("disable", id)).out).toBe("✓ Job 'ping' disabled");
    const [disabled] = await readCronJobs(cronStorePath(workspace));
    expect(disabled?.enabled).toBe(false);
    expect(disabled?.state.nextRunAtMs).toBeUndefined();
    expect((await cli("list")).out).toContain("Next run: scheduled");

    expect((await cli("enable", id)).out).toBe("✓ Job 'ping' enabled");
    expect((await readCronJobs(cronStorePath(workspace)))[0]?.state.nextRunAtMs).toBeNumber();

    expect((await cli("remove", id)).out).toBe(`✓ Removed job ${id}`);
    expect((await cli("list")).out).toBe("No scheduled jobs.");
    const missing = await cli("remove", id);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`✗ Job ${id} not found`);
  });

  test("rejects bad input without touching the file", async () => {
    expect((await cli("add", "-n", "x", "-m", "y")).err).toContain("either --every or --cron");
    expect((await cli("add", "-n", "x", "-m", "y", "-c", "99 * * * *")).err).toContain(
      "invalid cron expression",
    );
    expect((await cli("add", "-n", "x", "-m", "y", "-c", "0 9 * * *", "--tz", "Nowhere/Land")).err).toContain(
      "unknown time zone",
    );
    expect((await cli("add", "-n", "x", "-m", "y", "-e", "5", "-c", "* * * * *")).code).toBe(2);
    expect((await cli("frobnicate")).code).toBe(2);
    expect(await readCronJobs(cronStorePath(workspace))).toEqual([]);
  });

  test("--workspace overrides the default", async () => {
    const other = join(home, "elsewhere");
    await cli("add", "--workspace", other, "-n", "a", "-m", "b", "-e", "60");
    expect(await readCronJobs(cronStorePath(other))).toHaveLength(1);
    expect(await readCronJobs(cronStorePath(workspace))).toHaveLength(0);
  });
});

import { describe, expect, test } from "bun:test";
import { createCronJob } from "./job.ts";
import { type CronTarget, createCronJobRunner, cronSessionKey } from "./run-job.ts";

const signal = new AbortController().signal;

describe("createCronJobRunner", () => {
  test("every firing of a job reuses one session and posts the reply", async () => {
    const sessions: string[] = [];
    const posted: Array<[CronTarget, string]> = [];
    const runJob = createCronJobRunner({
      exec: async () => ({ output: "", isError: false }),
      runAgentTurn: async (message, sessionKey) => {
        sessions.push(sessionKey);
        return `done: ${message}`;
      },
      publish: async (target, text) => {
        posted.push([target, text]);
      },
    });
    const job = createCronJob(
      {
        name: "n",
        schedule: { kind: "every", everyMs: 1000 },
        message: "water the plants",
        channel: "telegram",
        to: "42",
      },
      0,
    );
    await runJob(job, signal);
    await runJob(job, signal);
    expect(sessions).toEqual([cronSessionKey(job.id), cronSessionKey(job.id)]);
    expect(cronSessionKey(job.id)).toBe(`agent:cron-${job.id}`);
    expect(posted[0]).toEqual([{ channel: "telegram", chatId: "42" }, "done: water the plants"]);
  });

  test("command jobs run through exec and post PicoClaw's message to cli/direct by default", async () => {
    const posted: string[] = [];
    let ran = "";
    const runJob = createCronJobRunner({
      exec: async (command) => {
        ran = command;
        return { output: "Filesystem 42%", isError: false };
      },
      runAgentTurn: async () => {
        throw new Error("no turn for commands");
      },
      publish: async (target, text) => {
        posted.push(`${target.channel}/${target.chatId}: ${text}`);
      },
    });
    const job = createCronJob(
      { name: "df", schedule: { kind: "every", everyMs: 1000 }, message: "disk", command: "df -h" },
      0,
    );
    await runJob(job, signal);
    expect(ran).toBe("df -h");
    expect(posted).toEqual(["cli/direct: Scheduled command 'df -h' executed:\nFilesystem 42%"]);
  });

  test("a failed command is reported and marks the run failed", async () => {
    const posted: string[] = [];
    const runJob = createCronJobRunner({
      exec: async () => ({ output: "blocked by guard", isError: true }),
      runAgentTurn: async () => undefined,
      publish: async (_target, text) => {
        posted.push(text);
      },
    });
    const job = createCronJob(
      { name: "x", schedule: { kind: "every", everyMs: 1000 }, message: "m", command: "rm -rf /" },
      0,
    );
    await expect(runJob(job, signal)).rejects.toThrow("blocked by guard");
    expect(posted).toEqual(["Error executing scheduled command: blocked by guard"]);
  });
});

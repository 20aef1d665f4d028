import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CronJob, createCronJob } from "./job.ts";
import { createCronService, type SetTimer } from "./service.ts";
import { cronStorePath, readCronJobs, writeCronJobs } from "./store.ts";

/** A controllable clock and a single-timer fake that lets the test wait for the next arm. */
function fakeTime(start: number) {
  let current = start;
  let armed: { callback: () => void; delayMs: number } | undefined;
  let waiters: Array<(delay: number) => void> = [];
  const setTimer: SetTimer = (callback, delayMs) => {
    const entry = { callback, delayMs };
    armed = entry;
    for (const wake of waiters) wake(delayMs);
    waiters = [];
    return () => {
      if (armed === entry) armed = undefined;
    };
  };
  return {
    now: () => current,
    setTimer,
    get delay() {
      return armed?.delayMs;
    },
    nextArm: () => new Promise<number>((resolve) => waiters.push(resolve)),
    /** Moves the clock to the armed deadline and fires the timer. */
    fire() {
      const entry = armed;
      if (!entry) throw new Error("no timer armed");
      current += entry.delayMs;
      armed = undefined;
      entry.callback();
    },
  };
}

const within = <T>(promise: Promise<T>, ms = 2000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms)),
  ]);

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "cron-service-"));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** Re-checks `condition` after every timer arm (each sync ends with one) until it holds. */
async function armedUntil(time: ReturnType<typeof fakeTime>, condition: () => Promise<boolean> | boolean) {
  for (;;) {
    const armed = time.nextArm();
    if (await condition()) return;
    await within(armed);
  }
}

const T0 = Date.parse("2025-01-01T00:00:00Z");
const noWatch = () => () => undefined;

describe("createCronService", () => {
  test("arms one timer for the earliest job and records a successful run", async () => {
    const time = fakeTime(T0);
    const path = cronStorePath(workspace);
    const slow = createCronJob(
      { name: "slow", schedule: { kind: "every", everyMs: 600_000 }, message: "b" },
      T0,
    );
    const fast = createCronJob(
      { name: "fast", schedule: { kind: "every", everyMs: 60_000 }, message: "a" },
      T0,
    );
    await writeCronJobs(path, [slow, fast]);
    const ran: CronJob[] = [];
    const service = createCronService({
      workspace,
      runJob: async (job) => {
        ran.push(job);
      },
      now: time.now,
      setTimer: time.setTimer,
      watchDir: noWatch,
    });
    await service.start(new AbortController().signal);
    expect(time.delay).toBe(60_000);

    time.fire();
    await armedUntil(time, async () => (await readCronJobs(path))[1]?.state.lastStatus !== undefined);
    expect(ran.map((job) => job.name)).toEqual(["fast"]);
    const [, stored] = await readCronJobs(path);
    expect(stored?.state.lastStatus).toBe("ok");
    expect(stored?.state.lastRunAtMs).toBe(T0 + 60_000);
    expect(stored?.state.nextRunAtMs).toBe(T0 + 120_000);
    await service.stop();
  });

  test("deletes an at job after it runs and records failures", async () => {
    const time = fakeTime(T0);
    const path = cronStorePath(workspace);
    const once = createCronJob({ name: "once", schedule: { kind: "at", atMs: T0 + 5000 }, message: "x" }, T0);
    const failing = createCronJob(
      { name: "bad", schedule: { kind: "every", everyMs: 5000 }, message: "y" },
      T0,
    );
    await writeCronJobs(path, [once, failing]);
    let runs = 0;
    const service = createCronService({
      workspace,
      runJob: async (job) => {
        runs++;
        if (job.name === "bad") throw new Error("provider down");
      },
      now: time.now,
      setTimer: time.setTimer,
      watchDir: noWatch,
    });
    await service.start(new AbortController().signal);
    expect(time.delay).toBe(5000);
    time.fire();
    await armedUntil(time, async () => {
      const jobs = await readCronJobs(path);
      return jobs.length === 1 && jobs[0]?.state.lastStatus !== undefined;
    });
    expect(runs).toBe(2);
    const jobs = await readCronJobs(path);
    expect(jobs.map((job) => job.name)).toEqual(["bad"]);
    expect(jobs[0]?.state.lastStatus).toBe("error");
    expect(jobs[0]?.state.lastError).toBe("provider down");
    await service.stop();
  });

  test("a missed at job still runs once after a restart", async () => {
    const time = fakeTime(T0);
    const path = cronStorePath(workspace);
    const missed = createCronJob(
      { name: "late", schedule: { kind: "at", atMs: T0 - 1000 }, message: "x" },
      T0 - 5000,
    );
    await writeCronJobs(path, [missed]);
    const ran = Promise.withResolvers<string>();
    const service = createCronService({
      workspace,
      runJob: async (job) => ran.resolve(job.name),
      now: time.now,
      setTimer: time.setTimer,
      watchDir: noWatch,
    });
    await service.start(new AbortController().signal);
    expect(await within(ran.promise)).toBe("late");
    await service.stop();
  });

  test("picks up jobs written to disk by another process", async () => {
    const time = fakeTime(T0);
    const service = createCronService({
      workspace,
      runJob: async () => undefined,
      now: time.now,
      setTimer: time.setTimer,
    });
    await service.start(new AbortController().signal);
    expect(time.delay).toBe(5 * 60_000); // nothing scheduled: only the safety recheck
    const job = createCronJob(
      { name: "cli", schedule: { kind: "every", everyMs: 30_000 }, message: "m" },
      T0,
    );
    await writeCronJobs(cronStorePath(workspace), [job]);
    // The watch event (not a poll) makes the service re-read the file and re-arm for the new job.
    await armedUntil(time, () => time.delay === 30_000);
    await service.stop();
  });

  test("stop aborts a running job and waits for it", async () => {
    const time = fakeTime(T0);
    await writeCronJobs(cronStorePath(workspace), [
      createCronJob({ name: "long", schedule: { kind: "at", atMs: T0 }, message: "m" }, T0),
    ]);
    const started = Promise.withResolvers<void>();
    let wasAborted = false;
    const service = createCronService({
      workspace,
      runJob: (_job, signal) =>
        new Promise<void>((_, reject) => {
          started.resolve();
          signal.addEventListener("abort", () => {
            wasAborted = true;
            reject(new Error("aborted"));
          });
        }),
      now: time.now,
      setTimer: time.setTimer,
      watchDir: noWatch,
    });
    const root = new AbortController();
    await service.start(root.signal);
    await within(started.promise);
    await service.stop();
    expect(wasAborted).toBe(true);
  });
});

/**
 * The cron service: one timer armed for the earliest due job, no per-second polling. jobs.json stays the
 * source of truth, so edits by the CLI or the cron tool are picked up from a directory watch (or, where
 * watching is unsupported, by a slow mtime recheck) and never lost.
 */
import { watch as fsWatch } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { errorMessage } from "../lib/errors.ts";
import { createLogger } from "../lib/logger.ts";
import type { CronJob } from "./job.ts";
import { nextRun } from "./schedule.ts";
import { cronStoreMtime, cronStorePath, readCronJobs, updateCronJobs } from "./store.ts";

const log = createLogger("cron");

/** Starts a one-shot timer; returns its cancel function. */
export type SetTimer = (callback: () => void, delayMs: number) => () => void;
/** Watches a directory; returns its close function. May throw where watching is unsupported. */
export type WatchDir = (dir: string, onChange: () => void) => () => void;

export interface CronServiceOptions {
  workspace: string;
  /** Runs one firing. Throwing marks the run as failed (lastStatus "error"). */
  runJob: (job: CronJob, signal: AbortSignal) => Promise<void>;
  now?: () => number;
  setTimer?: SetTimer;
  watchDir?: WatchDir;
  /** Longest sleep between checks of the file, a safety net for missed watch events. */
  recheckMs?: number;
}

/** A running cron service. */
export interface CronService {
  /** Loads the jobs and arms the timer; the service runs until `signal` aborts or `stop` is called. */
  start(signal: AbortSignal): Promise<void>;
  /** Cancels the timer, aborts running jobs and waits for them to settle. */
  stop(): Promise<void>;
  /** Re-reads the jobs now (call after changing jobs.json in this process). */
  wake(): void;
}

/** setTimeout caps delays at 2^31-1 ms; longer sleeps are re-armed. */
const MAX_TIMER_MS = 2_147_483_647;

const realSetTimer: SetTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  return () => clearTimeout(timer);
};

const realWatchDir: WatchDir = (dir, onChange) => {
  const watcher = fsWatch(dir, () => onChange());
  watcher.on("error", () => undefined);
  return () => watcher.close();
};

/** Creates the service for `<workspace>/cron/jobs.json`. */
export function createCronService(options: CronServiceOptions): CronService {
  const path = cronStorePath(options.workspace);
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? realSetTimer;
  const recheckMs = options.recheckMs ?? 5 * 60_000;
  const controller = new AbortController();
  const running = new Map<string, Promise<void>>();
  let cancelTimer: (() => void) | undefined;
  let closeWatch: (() => void) | undefined;
  let isStarted = false;
  let chain: Promise<void> = Promise.resolve();
  let isSyncQueued = false;
  let cache: { mtimeMs: number; jobs: CronJob[] } | undefined;

  const requestSync = () => {
    if (!isStarted || isSyncQueued) return;
    isSyncQueued = true;
    chain = chain.then(async () => {
      isSyncQueued = false;
      if (!isStarted) return;
      await syncOnce().catch((error) => log.error("cron check failed", { error: errorMessage(error) }));
    });
  };

  /** Jobs from disk, re-read only when the file's mtime moved. */
  const loadJobs = async (): Promise<CronJob[]> => {
    const mtimeMs = await cronStoreMtime(path);
    if (cache?.mtimeMs !== mtimeMs) cache = { mtimeMs, jobs: await readCronJobs(path) };
    return cache.jobs;
  };

  const isDue = (job: CronJob, at: number) =>
    job.enabled && job.state.nextRunAtMs !== undefined && job.state.nextRunAtMs <= at && !running.has(job.id);

  const syncOnce = async () => {
    cancelTimer?.();
    cancelTimer = undefined;
    const at = now();
    let jobs = await loadJobs();
    if (jobs.some((job) => isDue(job, at))) {
      // Clear nextRunAtMs before running, so a restart mid-run does not fire the job twice.
      const due = await updateCronJobs(path, (current) => {
        const picked = current.filter((job) => isDue(job, at));
        for (const job of picked) job.state = { ...job.state, nextRunAtMs: undefined };
        return { jobs: picked.length > 0 ? current : undefined, result: picked };
      });
      for (const job of due) launch(job);
      jobs = await loadJobs();
    }
    arm(jobs);
  };

  const arm = (jobs: readonly CronJob[]) => {
    let earliest: number | undefined;
    for (const job of jobs) {
      const next = job.enabled && !running.has(job.id) ? job.state.nextRunAtMs : undefined;
      if (next !== undefined && (earliest === undefined || next < earliest)) earliest = next;
    }
    const delay = earliest === undefined ? recheckMs : Math.max(0, earliest - now());
    cancelTimer = setTimer(requestSync, Math.min(delay, recheckMs, MAX_TIMER_MS));
  };

  const launch = (job: CronJob) => {
    const run = (async () => {
      const startedAt = now();
      let failure: string | undefined;
      log.info("running cron job", { id: job.id, name: job.name });
      try {
        await options.runJob(job, controller.signal);
      } catch (error) {
        failure = errorMessage(error);
        log.warn("cron job failed", { id: job.id, error: failure });
      }
      await recordRun(job.id, startedAt, failure).catch((error) =>
        log.error("could not record cron run", { id: job.id, error: errorMessage(error) }),
      );
    })();
    running.set(job.id, run);
    void run.finally(() => {
      running.delete(job.id);
      requestSync();
    });
  };

  const recordRun = (id: string, startedAt: number, failure: string | undefined) =>
    updateCronJobs(path, (jobs) => {
      const job = jobs.find((candidate) => candidate.id === id);
      if (!job) return { result: undefined }; // removed while it ran
      const finishedAt = now();
      job.updatedAtMs = finishedAt;
      job.state = {
        ...job.state,
        lastRunAtMs: startedAt,
        lastStatus: failure === undefined ? "ok" : "error",
        lastError: failure,
      };
      if (job.schedule.kind === "at") {
        if (job.deleteAfterRun) return { jobs: jobs.filter((other) => other !== job), result: undefined };
        job.enabled = false;
        job.state.nextRunAtMs = undefined;
      } else if (job.enabled) {
        job.state.nextRunAtMs = nextRun(job.schedule, finishedAt);
      }
      return { jobs, result: undefined };
    });

  /** Fills in missing or stale next runs. A missed `at` job still runs once; missed repeats are skipped. */
  const normalise = () =>
    updateCronJobs(path, (jobs) => {
      const at = now();
      let isChanged = false;
      for (const job of jobs) {
        if (!job.enabled) continue;
        const current = job.state.nextRunAtMs;
        const next =
          job.schedule.kind === "at"
            ? job.schedule.atMs
            : current !== undefined && current > at
              ? current
              : nextRun(job.schedule, at);
        if (next !== current) {
          job.state = { ...job.state, nextRunAtMs: next };
          isChanged = true;
        }
      }
      return { jobs: isChanged ? jobs : undefined, result: undefined };
    });

  const stop = async () => {
    if (!isStarted) return;
    isStarted = false;
    cancelTimer?.();
    closeWatch?.();
    controller.abort();
    await Promise.allSettled([...running.values()]);
    await chain;
    log.info("cron service stopped");
  };

  return {
    async start(signal) {
      if (isStarted) return;
      isStarted = true;
      signal.addEventListener("abort", () => void stop(), { once: true });
      await mkdir(dirname(path), { recursive: true });
      await normalise();
      try {
        closeWatch = (options.watchDir ?? realWatchDir)(dirname(path), requestSync);
      } catch (error) {
        log.warn("cannot watch the cron folder; relying on periodic checks", { error: errorMessage(error) });
      }
      log.info("cron service started", { path });
      requestSync();
      await chain;
    },
    stop,
    wake: requestSync,
  };
}

/**
 * `<workspace>/cron/jobs.json` ({"version":1,"jobs":[…]}): the single source of truth shared by the
 * service, the cron tool and the `picoclaw cron` CLI. Writes are atomic; in-process writers are serialised.
 */
import { copyFile, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { createLogger } from "../lib/logger.ts";
import { type CronJob, parseCronJob, serializeCronJob } from "./job.ts";

const log = createLogger("cron");

/** Where the jobs of a workspace live. */
export function cronStorePath(workspace: string): string {
  return join(workspace, "cron", "jobs.json");
}

/**
 * Reads the jobs. A missing file is an empty list; unusable jobs are skipped. A file that is not JSON
 * is copied to `jobs.json.corrupt` first, so the next write cannot silently destroy it.
 */
export async function readCronJobs(path: string): Promise<CronJob[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    log.warn("jobs file is not valid JSON; keeping a copy", { path });
    await copyFile(path, `${path}.corrupt`).catch(() => undefined);
    return [];
  }
  const list = typeof raw === "object" && raw !== null && "jobs" in raw ? raw.jobs : undefined;
  if (!Array.isArray(list)) return [];
  const jobs: CronJob[] = [];
  for (const entry of list) {
    const job = parseCronJob(entry);
    if (typeof job === "string") log.warn("skipping cron job", { path, reason: job });
    else jobs.push(job);
  }
  return jobs;
}

/** Replaces the file with `jobs` (temp file, fsync, rename). */
export async function writeCronJobs(path: string, jobs: readonly CronJob[]): Promise<void> {
  const body = { version: 1, jobs: jobs.map(serializeCronJob) };
  await writeFileAtomic(path, `${JSON.stringify(body, null, 2)}\n`);
}

/** Modification time of the file in ms, or 0 when it is missing. */
export async function cronStoreMtime(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Read-modify-write under a per-file lock, so the service and the tool in one process never lose each
 * other's changes. `change` returns the new list (or undefined to leave the file alone) and a result.
 */
export async function updateCronJobs<T>(
  path: string,
  change: (jobs: CronJob[]) => { jobs?: CronJob[] | undefined; result: T },
): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const outcome = change(await readCronJobs(path));
      if (outcome.jobs) await writeCronJobs(path, outcome.jobs);
      return outcome.result;
    });
  queues.set(path, run);
  try {
    return await run;
  } finally {
    if (queues.get(path) === run) queues.delete(path);
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT";
}

/**
 * `picoclaw cron`: lists and edits `<workspace>/cron/jobs.json` directly, so it works while the gateway
 * runs (the gateway's cron service notices the change) and when it does not.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import type { parseArgs } from "node:util";
import { parseCronExpr } from "../cron/cron-expr.ts";
import { type CronJob, createCronJob, describeSchedule, withJobEnabled } from "../cron/job.ts";
import type { CronSchedule } from "../cron/schedule.ts";
import { cronStorePath, readCronJobs, updateCronJobs } from "../cron/store.ts";
import { isValidTimeZone } from "../cron/zoned-time.ts";

/** What a command may touch: output lines and the environment. */
export interface CommandIo {
  stdout(line: string): void;
  stderr(line: string): void;
  env: Record<string, string | undefined>;
}

/** `$PICOCLAW_HOME`, else `~/.picoclaw`. */
export function picoclawHome(env: Record<string, string | undefined>): string {
  return env["PICOCLAW_HOME"] || join(env["HOME"] || homedir(), ".picoclaw");
}

/** `<home>/workspace`, used when `--workspace` is not given. */
export function defaultWorkspace(env: Record<string, string | undefined>): string {
  return join(picoclawHome(env), "workspace");
}

const USAGE = `Usage: picoclaw cron <command> [--workspace DIR]

Commands:
  list                                   List all jobs
  add -n NAME -m MESSAGE (-e SECONDS | -c 'CRON' [--tz ZONE]) [--channel C --to ID]
                                         Add a recurring job
  remove <id>                            Remove a job
  enable <id> | disable <id>             Turn a job on or off`;

const OPTIONS = {
  workspace: { type: "string" },
  name: { type: "string", short: "n" },
  message: { type: "string", short: "m" },
  every: { type: "string", short: "e" },
  cron: { type: "string", short: "c" },
  tz: { type: "string" },
  channel: { type: "string" },
  to: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

async function run(args: readonly string[], io: CommandIo, now: () => number = Date.now): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    // node:util is imported when a command needs it, not at start (~1.6 MB of idle RSS in a probe).
    const { parseArgs } = await import("node:util");
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(error instanceof Error ? error.message : String(error));
    io.stderr(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(USAGE);
    return sub === undefined && !values.help ? 2 : 0;
  }
  const path = cronStorePath(values.workspace ?? defaultWorkspace(io.env));
  switch (sub) {
    case "list":
      return listJobs(path, io);
    case "add":
      return addJob(path, values, io, now());
    case "remove":
    case "enable":
    case "disable": {
      const id = rest[0];
      if (!id || rest.length > 1) {
        io.stderr(`Usage: picoclaw cron ${sub} <id>`);
        return 2;
      }
      return sub === "remove" ? removeJob(path, id, io) : setEnabled(path, id, sub === "enable", io, now());
    }
    default:
      io.stderr(`Unknown cron command: ${sub}`);
      io.stderr(USAGE);
      return 2;
  }
}

async function listJobs(path: string, io: CommandIo): Promise<number> {
  const jobs = await readCronJobs(path);
  if (jobs.length === 0) {
    io.stdout("No scheduled jobs.");
    return 0;
  }
  io.stdout("\nScheduled Jobs:");
  io.stdout("----------------");
  for (const job of jobs) {
    const next = job.state.nextRunAtMs;
    io.stdout(`  ${job.name} (${job.id})`);
    io.stdout(`    Schedule: ${describeSchedule(job.schedule)}`);
    io.stdout(`    Status: ${job.enabled ? "enabled" : "disabled"}`);
    io.stdout(`    Next run: ${next === undefined ? "scheduled" : formatLocalMinute(next)}`);
  }
  return 0;
}

async function addJob(path: string, values: Values, io: CommandIo, nowMs: number): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`✗ ${message}`);
    return 2;
  };
  if (!values.name) return fail("--name is required");
  if (!values.message) return fail("--message is required");
  if (values.every !== undefined && values.cron !== undefined)
    return fail("use either --every or --cron, not both");
  let schedule: CronSchedule;
  if (values.every !== undefined) {
    const seconds = Number(values.every);
    if (!Number.isInteger(seconds) || seconds <= 0)
      return fail("--every needs a whole number of seconds > 0");
    schedule = { kind: "every", everyMs: seconds * 1000 };
  } else if (values.cron !== undefined) {
    const parsed = parseCronExpr(values.cron);
    if (!parsed.ok) return fail(`invalid cron expression: ${parsed.error}`);
    if (values.tz !== undefined && !isValidTimeZone(values.tz))
      return fail(`unknown time zone: ${values.tz}`);
    schedule = { kind: "cron", expr: values.cron, tz: values.tz };
  } else {
    return fail("either --every or --cron must be specified");
  }
  const job = createCronJob(
    { name: values.name, schedule, message: values.message, channel: values.channel, to: values.to },
    nowMs,
  );
  await updateCronJobs(path, (jobs) => ({ jobs: [...jobs, job], result: undefined }));
  io.stdout(`✓ Added job '${job.name}' (${job.id})`);
  return 0;
}

async function removeJob(path: string, id: string, io: CommandIo): Promise<number> {
  const isRemoved = await updateCronJobs(path, (jobs) => {
    const kept = jobs.filter((job) => job.id !== id);
    return kept.length < jobs.length ? { jobs: kept, result: true } : { result: false };
  });
  if (!isRemoved) {
    io.stderr(`✗ Job ${id} not found`);
    return 1;
  }
  io.stdout(`✓ Removed job ${id}`);
  return 0;
}

async function setEnabled(path: string, id: string, enabled: boolean, io: CommandIo, nowMs: number) {
  const job = await updateCronJobs<CronJob | undefined>(path, (jobs) => {
    const index = jobs.findIndex((candidate) => candidate.id === id);
    const found = jobs[index];
    if (!found) return { result: undefined };
    const changed = withJobEnabled(found, enabled, nowMs);
    jobs[index] = changed;
    return { jobs, result: changed };
  });
  if (!job) {
    io.stderr(`✗ Job ${id} not found`);
    return 1;
  }
  io.stdout(`✓ Job '${job.name}' ${enabled ? "enabled" : "disabled"}`);
  return 0;
}

function formatLocalMinute(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The `cron` command module. */
export const cronCommand = {
  name: "cron",
  aliases: ["c"],
  summary: "Manage scheduled jobs",
  usage: USAGE,
  run: (args: readonly string[], io: CommandIo) => run(args, io),
};

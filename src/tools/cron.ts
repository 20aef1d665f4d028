/**
 * `cron` tool: the model schedules reminders, agent tasks and (from internal channels only) shell
 * commands in `<workspace>/cron/jobs.json`. Remote chats see and change only their own chat's jobs.
 */
import { parseCronExpr } from "../cron/cron-expr.ts";
import { type CronJob, createCronJob, describeSchedule, serializeCronJob } from "../cron/job.ts";
import { type CronSchedule, nextRun } from "../cron/schedule.ts";
import { cronStorePath, readCronJobs, updateCronJobs } from "../cron/store.ts";
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { type ToolArgs, toolArgs } from "./tool-args.ts";
import { catchToolErrors, errorResult, ToolInputError, textResult } from "./tool-result.ts";

export interface CronToolOptions {
  /** `tools.cron.allow_command`; when false a command job also needs `command_confirm: true`. */
  allowCommand?: boolean | undefined;
  /** `tools.exec.enabled`; command jobs are refused when exec is off. */
  execEnabled?: boolean | undefined;
  now?: (() => number) | undefined;
  /** Called after every change, e.g. the cron service's `wake`. */
  onJobsChanged?: (() => void) | undefined;
}

const DESCRIPTION = `Schedule, inspect and change reminders, recurring tasks and shell commands.
When the user asks to be reminded or to schedule something, call this tool.
Use at_seconds for a one-time reminder ("in 10 minutes" -> at_seconds=600),
every_seconds only for repeats ("every 2 hours" -> every_seconds=7200),
cron_expr for calendar schedules ("0 9 * * *" = every day at 09:00),
and command to run a shell command instead of sending the message.`;

const PARAMETERS = {
  type: "object",
  properties: {
    action: {
      type: "string",
      enum: ["add", "list", "get", "update", "remove", "enable", "disable"],
      description: "What to do. Use get before update; update keeps fields you leave out.",
    },
    name: { type: "string", description: "Display name of the job (add, update)." },
    message: { type: "string", description: "What the reminder says or the task the agent performs." },
    command: {
      type: "string",
      description: 'Shell command to run instead of an agent turn. On update, "" removes it.',
    },
    command_confirm: { type: "boolean", description: "Explicit confirmation for scheduling a command." },
    at_seconds: { type: "integer", description: "Run once, this many seconds from now." },
    every_seconds: { type: "integer", description: "Run repeatedly with this interval in seconds." },
    cron_expr: { type: "string", description: "Cron expression, e.g. '0 9 * * 1-5'." },
    job_id: { type: "string", description: "Job id (get, update, remove, enable, disable)." },
  },
  required: ["action"],
};

/** Creates the `cron` tool over the jobs file of the turn's workspace. */
export function createCronTool(options: CronToolOptions = {}): Tool {
  const now = options.now ?? Date.now;
  const change = async <T>(context: ToolContext, fn: Parameters<typeof updateCronJobs<T>>[1]) => {
    const result = await updateCronJobs(cronStorePath(context.workspace), fn);
    options.onJobsChanged?.();
    return result;
  };

  const checkCommand = (args: ToolArgs, context: ToolContext, verb: string): ToolResult | undefined => {
    if (options.execEnabled === false) return errorResult("command execution is disabled");
    // GHSA-pv8c-p6jf-3fpp: a remote chat must not be able to plant shell commands.
    if (!context.isInternal)
      return errorResult(`${verb} command execution is restricted to internal channels`);
    if (options.allowCommand === false && args["command_confirm"] !== true) {
      return errorResult("command_confirm=true is required when allow_command is disabled");
    }
    return undefined;
  };

  const add = async (args: ToolArgs, context: ToolContext): Promise<ToolResult> => {
    if (!context.channel || !context.chatId) {
      return errorResult(
        "no session context (channel/chat_id not set). Use this tool in an active conversation.",
      );
    }
    const message = text(args, "message");
    if (!message) return errorResult("message is required for add");
    const schedule = addSchedule(args, now());
    if (!schedule) return errorResult("one of at_seconds, every_seconds, or cron_expr is required");
    const command = text(args, "command");
    if (command) {
      const refused = checkCommand(args, context, "scheduling");
      if (refused) return refused;
    }
    const name = text(args, "name") || truncate(message, 30);
    const job = createCronJob(
      { name, schedule, message, command, channel: context.channel, to: context.chatId },
      now(),
    );
    await change(context, (jobs) => ({ jobs: [...jobs, job], result: undefined }));
    return textResult(`Cron job added: ${job.name} (id: ${job.id})`);
  };

  const list = async (context: ToolContext): Promise<ToolResult> => {
    const jobs = (await readCronJobs(cronStorePath(context.workspace))).filter(
      (job) => job.enabled && canAccess(job, context),
    );
    if (jobs.length === 0) return textResult("No scheduled jobs");
    const lines = jobs.map((job) => `- ${job.name} (id: ${job.id}, ${describeSchedule(job.schedule)})`);
    return textResult(`Scheduled jobs:\n${lines.join("\n")}\n`);
  };

  /** Finds an accessible job and lets `edit` replace it (return undefined to delete it). */
  const withJob = async (
    args: ToolArgs,
    context: ToolContext,
    action: string,
    edit: (job: CronJob) => CronJob | undefined | ToolResult,
  ): Promise<Outcome> => {
    const id = text(args, "job_id");
    if (!id) return errorResult(`job_id is required for ${action}`);
    return change<Outcome>(context, (jobs) => {
      const index = jobs.findIndex((job) => job.id === id);
      const job = jobs[index];
      if (!job) return { result: errorResult(`Job ${id} not found`) };
      if (!canAccess(job, context))
        return { result: errorResult(`Job ${id} is not accessible from this channel`) };
      const edited = edit(job);
      if (edited && "content" in edited) return { result: edited };
      if (edited === job) return { result: { job } };
      const next = edited
        ? jobs.map((other, at) => (at === index ? edited : other))
        : jobs.filter((o) => o !== job);
      return { jobs: next, result: { job: edited } };
    });
  };

  const update = (args: ToolArgs, context: ToolContext) =>
    withJob(args, context, "update", (job) => {
      const patched: CronJob = structuredClone(job);
      let patches = 0;
      for (const key of ["name", "message"] as const) {
        if (!(key in args)) continue;
        const value = args[key];
        if (typeof value !== "string" || value.trim() === "")
          throw new ToolInputError(`${key} cannot be empty`);
        if (key === "name") patched.name = value;
        else patched.payload.message = value;
        patches++;
      }
      const schedule = patchSchedule(args, now());
      if (schedule) {
        patched.schedule = schedule;
        patched.deleteAfterRun = schedule.kind === "at";
        patches++;
      }
      if ("command" in args) {
        const command = args["command"];
        if (typeof command !== "string") throw new ToolInputError("command must be a string");
        const refused = checkCommand(args, context, "updating");
        if (refused) return refused;
        patched.payload.command = command || undefined;
        patches++;
      }
      if (patches === 0) return errorResult("at least one update field is required");
      patched.updatedAtMs = now();
      if (schedule && patched.enabled) patched.state.nextRunAtMs = nextRun(schedule, now());
      return patched;
    });

  const setEnabled = (args: ToolArgs, context: ToolContext, enabled: boolean) =>
    withJob(args, context, enabled ? "enable" : "disable", (job) => ({
      ...job,
      enabled,
      updatedAtMs: now(),
      state: { ...job.state, nextRunAtMs: enabled ? nextRun(job.schedule, now()) : undefined },
    }));

  const run = async (raw: unknown, context: ToolContext): Promise<ToolResult> => {
    const args = toolArgs(raw);
    const action = args["action"];
    switch (action) {
      case "add":
        return add(args, context);
      case "list":
        return list(context);
      case "get": {
        const found = await withJob(args, context, "get", (job) => job);
        return asResult(found, (job) => (job ? JSON.stringify(serializeCronJob(job)) : ""));
      }
      case "update":
        return asResult(
          await update(args, context),
          (job) => `Cron job updated:\n${job ? JSON.stringify(serializeCronJob(job)) : ""}`,
        );
      case "remove": {
        const id = text(args, "job_id");
        return asResult(
          await withJob(args, context, "remove", () => undefined),
          () => `Cron job removed: ${id}`,
        );
      }
      case "enable":
      case "disable":
        return asResult(
          await setEnabled(args, context, action === "enable"),
          (job) => `Cron job '${job?.name ?? ""}' ${action}d`,
        );
      default:
        return errorResult(typeof action === "string" ? `unknown action: ${action}` : "action is required");
    }
  };

  return {
    definition: { name: "cron", description: DESCRIPTION, parameters: PARAMETERS },
    execute: catchToolErrors("cron", run),
  };
}

/** Internal channels see every job; a remote chat sees only its own non-command jobs. */
function canAccess(job: CronJob, context: ToolContext): boolean {
  if (context.isInternal) return true;
  if (!context.channel || !context.chatId || job.payload.command) return false;
  return job.payload.channel === context.channel && job.payload.to === context.chatId;
}

/** A refusal, or the job after the change (undefined once removed). */
type Outcome = ToolResult | { job: CronJob | undefined };

function asResult(outcome: Outcome, describe: (job: CronJob | undefined) => string): ToolResult {
  return "content" in outcome ? outcome : textResult(describe(outcome.job));
}

function text(args: ToolArgs, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") throw new ToolInputError(`${key} must be a string`);
  return value;
}

/** For add: the first usable of at_seconds > every_seconds > cron_expr (zeros count as unset). */
function addSchedule(args: ToolArgs, nowMs: number): CronSchedule | undefined {
  const at = args["at_seconds"];
  if (typeof at === "number" && at > 0) return { kind: "at", atMs: nowMs + Math.trunc(at) * 1000 };
  const every = args["every_seconds"];
  if (typeof every === "number" && every > 0) return { kind: "every", everyMs: Math.trunc(every) * 1000 };
  const expr = args["cron_expr"];
  if (typeof expr === "string" && expr !== "") return { kind: "cron", expr: checkedExpr(expr) };
  return undefined;
}

/** For update: exactly one schedule field, if any, and it must be valid. */
function patchSchedule(args: ToolArgs, nowMs: number): CronSchedule | undefined {
  const present = (["at_seconds", "every_seconds", "cron_expr"] as const).filter((key) => key in args);
  if (present.length > 1)
    throw new ToolInputError("only one of at_seconds, every_seconds, or cron_expr can be set");
  const key = present[0];
  if (key === undefined) return undefined;
  const value = args[key];
  if (key === "cron_expr") {
    if (typeof value !== "string") throw new ToolInputError("cron_expr must be a string");
    if (value.trim() === "") throw new ToolInputError("cron_expr cannot be empty");
    return { kind: "cron", expr: checkedExpr(value) };
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new ToolInputError(`${key} must be a positive integer`);
  }
  return key === "at_seconds"
    ? { kind: "at", atMs: nowMs + value * 1000 }
    : { kind: "every", everyMs: value * 1000 };
}

function checkedExpr(expr: string): string {
  const parsed = parseCronExpr(expr);
  if (!parsed.ok) throw new ToolInputError(`invalid cron_expr: ${parsed.error}`);
  return expr;
}

function truncate(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 3).join("")}...`;
}

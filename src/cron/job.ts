/**
 * PicoClaw's CronJob record (camelCase keys, unlike the rest of the workspace) and its pure helpers.
 * Parsing is tolerant: a malformed job is dropped with a reason instead of failing the whole file.
 */
import { randomBytes } from "node:crypto";
import { type CronSchedule, nextRun } from "./schedule.ts";

/** What a job does when it fires. `kind` is "agent_turn" for jobs PicoClaw creates. */
export interface CronPayload {
  kind: string;
  message: string;
  command?: string | undefined;
  channel?: string | undefined;
  to?: string | undefined;
}

/** Run bookkeeping, updated by the service. */
export interface CronJobState {
  nextRunAtMs?: number | undefined;
  lastRunAtMs?: number | undefined;
  lastStatus?: string | undefined;
  lastError?: string | undefined;
}

/** One scheduled job, as stored in `<workspace>/cron/jobs.json`. */
export interface CronJob {
  id: string;
  name: string;
  enabled: boolean;
  schedule: CronSchedule;
  payload: CronPayload;
  state: CronJobState;
  createdAtMs: number;
  updatedAtMs: number;
  deleteAfterRun: boolean;
}

/** What a caller supplies to create a job. */
export interface NewCronJob {
  name: string;
  schedule: CronSchedule;
  message: string;
  command?: string | undefined;
  channel?: string | undefined;
  to?: string | undefined;
}

/** Builds an enabled job with a fresh 16-hex id; `at` jobs delete themselves after running. */
export function createCronJob(input: NewCronJob, nowMs: number): CronJob {
  return {
    id: randomBytes(8).toString("hex"),
    name: input.name,
    enabled: true,
    schedule: input.schedule,
    payload: {
      kind: "agent_turn",
      message: input.message,
      command: input.command || undefined,
      channel: input.channel || undefined,
      to: input.to || undefined,
    },
    state: { nextRunAtMs: nextRun(input.schedule, nowMs) },
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
    deleteAfterRun: input.schedule.kind === "at",
  };
}

/** A copy of `job` enabled or disabled, with its next run recomputed (or cleared). */
export function withJobEnabled(job: CronJob, enabled: boolean, nowMs: number): CronJob {
  return {
    ...job,
    enabled,
    updatedAtMs: nowMs,
    state: { ...job.state, nextRunAtMs: enabled ? nextRun(job.schedule, nowMs) : undefined },
  };
}

/** A short human description of the schedule, as PicoClaw's `cron list` prints it. */
export function describeSchedule(schedule: CronSchedule): string {
  if (schedule.kind === "every" && schedule.everyMs !== undefined) {
    return `every ${Math.floor(schedule.everyMs / 1000)}s`;
  }
  if (schedule.kind === "cron") return schedule.tz ? `${schedule.expr} (${schedule.tz})` : `${schedule.expr}`;
  return "one-time";
}

/** Orders keys like PicoClaw's encoder and drops empty optional fields, for a stable file. */
export function serializeCronJob(job: CronJob): Record<string, unknown> {
  const { schedule: s, payload: p, state: st } = job;
  return {
    id: job.id,
    name: job.name,
    enabled: job.enabled,
    schedule: {
      kind: s.kind,
      atMs: s.atMs,
      everyMs: s.everyMs,
      expr: s.expr || undefined,
      tz: s.tz || undefined,
    },
    payload: {
      kind: p.kind,
      message: p.message,
      command: p.command || undefined,
      channel: p.channel || undefined,
      to: p.to || undefined,
    },
    state: {
      nextRunAtMs: st.nextRunAtMs,
      lastRunAtMs: st.lastRunAtMs,
      lastStatus: st.lastStatus || undefined,
      lastError: st.lastError || undefined,
    },
    createdAtMs: job.createdAtMs,
    updatedAtMs: job.updatedAtMs,
    deleteAfterRun: job.deleteAfterRun,
  };
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Parses one job from JSON; returns a reason string when it cannot be used. */
export function parseCronJob(raw: unknown): CronJob | string {
  if (!isObject(raw)) return "job is not an object";
  const id = str(raw["id"]);
  if (!id) return "job has no id";
  const schedule = raw["schedule"];
  const payload = raw["payload"];
  if (!isObject(schedule) || !isObject(payload)) return `job ${id} lacks schedule or payload`;
  const kind = schedule["kind"];
  if (kind !== "at" && kind !== "every" && kind !== "cron") return `job ${id} has unknown schedule kind`;
  const state = isObject(raw["state"]) ? raw["state"] : {};
  return {
    id,
    name: str(raw["name"]) ?? "",
    enabled: raw["enabled"] === true,
    schedule: {
      kind,
      atMs: num(schedule["atMs"]),
      everyMs: num(schedule["everyMs"]),
      expr: str(schedule["expr"]),
      tz: str(schedule["tz"]),
    },
    payload: {
      kind: str(payload["kind"]) ?? "agent_turn",
      message: str(payload["message"]) ?? "",
      command: str(payload["command"]),
      channel: str(payload["channel"]),
      to: str(payload["to"]),
    },
    state: {
      nextRunAtMs: num(state["nextRunAtMs"]),
      lastRunAtMs: num(state["lastRunAtMs"]),
      lastStatus: str(state["lastStatus"]),
      lastError: str(state["lastError"]),
    },
    createdAtMs: num(raw["createdAtMs"]) ?? 0,
    updatedAtMs: num(raw["updatedAtMs"]) ?? 0,
    deleteAfterRun: raw["deleteAfterRun"] === true,
  };
}

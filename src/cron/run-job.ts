/**
 * What a firing does. A command job runs its shell command and posts the output; any other job is an
 * agent turn in ONE session per job (PicoClaw opens a new session per firing, which fills small flash).
 */
import type { CronJob } from "./job.ts";

/** Where a job's output goes; PicoClaw defaults to the `cli` channel, chat `direct`. */
export interface CronTarget {
  channel: string;
  chatId: string;
}

/** The session every firing of `jobId` shares. */
export function cronSessionKey(jobId: string): string {
  return `agent:cron-${jobId}`;
}

/** Result of running a command through the exec tool. */
export interface CronExecResult {
  output: string;
  isError: boolean;
}

export interface CronJobRunnerDeps {
  /** Runs a scheduled shell command (the exec tool with its guard and timeout). */
  exec(command: string, target: CronTarget, signal: AbortSignal): Promise<CronExecResult>;
  /**
   * Runs an agent turn and returns the reply still to be delivered ("" or undefined when the turn
   * already delivered it, e.g. through the message tool).
   */
  runAgentTurn(
    message: string,
    sessionKey: string,
    target: CronTarget,
    signal: AbortSignal,
  ): Promise<string | undefined>;
  /** Sends text to a chat. */
  publish(target: CronTarget, text: string): Promise<void>;
}

/** The target of a job, with PicoClaw's defaults. */
export function cronTarget(job: CronJob): CronTarget {
  return { channel: job.payload.channel || "cli", chatId: job.payload.to || "direct" };
}

/** Builds the `runJob` function the cron service calls. */
export function createCronJobRunner(
  deps: CronJobRunnerDeps,
): (job: CronJob, signal: AbortSignal) => Promise<void> {
  return async (job, signal) => {
    const target = cronTarget(job);
    const command = job.payload.command;
    if (command) {
      const result = await deps.exec(command, target, signal);
      if (result.isError) {
        await deps.publish(target, `Error executing scheduled command: ${result.output}`);
        throw new Error(result.output);
      }
      await deps.publish(target, `Scheduled command '${command}' executed:\n${result.output}`);
      return;
    }
    const reply = await deps.runAgentTurn(job.payload.message, cronSessionKey(job.id), target, signal);
    if (reply) await deps.publish(target, reply);
  };
}

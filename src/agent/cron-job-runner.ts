/**
 * What a cron job does in the agent: a command runs through the exec tool (its guard and timeout) as an
 * internal `cron` call; a message runs an internal agent turn in the job's session; results and replies
 * go to the job's target through the bus.
 */
import type { MessageBus } from "../bus/bus.ts";
import { publishText } from "../bus/publish-text.ts";
import type { CronJob } from "../cron/job.ts";
import { createCronJobRunner } from "../cron/run-job.ts";
import type { ToolRegistry } from "../tools/tool.ts";
import type { AgentLoop } from "./loop/create-agent-loop.ts";
import { runInternalTurn } from "./loop/internal-turn.ts";

/** The agent parts a job uses. */
export interface AgentCronDeps {
  loop: Pick<AgentLoop, "handle">;
  tools: Pick<ToolRegistry, "execute">;
  workspace: string;
  bus: MessageBus;
}

/** The `runJob` function for the cron service. */
export function createAgentCronJobRunner(
  deps: AgentCronDeps,
): (job: CronJob, signal: AbortSignal) => Promise<void> {
  return createCronJobRunner({
    exec: async (command, _target, signal) => {
      const result = await deps.tools.execute(
        "exec",
        { action: "run", command },
        {
          channel: "cron",
          chatId: "cron",
          sessionKey: "cron",
          workspace: deps.workspace,
          signal,
          isInternal: true,
        },
      );
      return { output: result.content, isError: result.isError === true };
    },
    runAgentTurn: (text, sessionKey, _target, signal) =>
      runInternalTurn(deps.loop, { content: text, chatId: "cron", sessionKey }, signal),
    publish: publishText(deps.bus),
  });
}

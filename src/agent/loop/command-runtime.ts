/** Binds the built-in commands to one session of the loop: stop its turn, clear it, or ask aside. */
import type { InboundMessage } from "../../bus/message.ts";
import type { CommandRuntime } from "../commands/execute-command.ts";
import { runSessionTurn, type SessionTurnEnv } from "./session-turn.ts";
import type { TrackedSteering } from "./tracked-steering.ts";

/** The loop's record of a session whose turn is running (or waiting for a turn slot). */
export interface ActiveSession {
  controller: AbortController;
  task: string;
  steering: TrackedSteering;
}

/** What the runtime reaches into. `env` is undefined when no model is configured. */
export interface CommandRuntimeDeps {
  active: ReadonlyMap<string, ActiveSession>;
  env: SessionTurnEnv | undefined;
  noModelReply: string;
  clear(key: string): Promise<void>;
}

/** The command runtime of session `key`, for a command carried by `message`. */
export function createCommandRuntime(
  deps: CommandRuntimeDeps,
  key: string,
  message: InboundMessage,
): CommandRuntime {
  return {
    stopActiveTurn: () => {
      const running = deps.active.get(key);
      if (!running) return { stopped: false };
      running.controller.abort();
      return { stopped: true, taskName: running.task };
    },
    clearHistory: () => deps.clear(key),
    askSideQuestion: async (question, signal) => {
      if (!deps.env) return deps.noModelReply;
      const result = await runSessionTurn(deps.env, {
        key,
        context: message.context,
        sender: message.sender,
        input: [{ role: "user", content: question }],
        signal,
        persist: false,
      });
      return result.reply;
    },
  };
}

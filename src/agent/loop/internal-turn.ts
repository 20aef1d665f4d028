/**
 * Turns the gateway starts by itself (cron jobs, heartbeat): the one definition of how they enter the
 * loop. They run on the in-process `cli` channel, so they count as internal (exec and cron allowed) and
 * their reply comes back to the caller, who delivers it to the job's target.
 */
import type { InboundMessage } from "../../bus/message.ts";
import type { AgentLoop } from "./create-agent-loop.ts";

/** One self-started turn. */
export interface InternalTurn {
  content: string;
  /** Names the caller in the session ("cron", "heartbeat"). */
  chatId: string;
  sessionKey?: string | undefined;
}

/** Runs `turn` through the loop and resolves with the reply text. */
export function runInternalTurn(
  loop: Pick<AgentLoop, "handle">,
  turn: InternalTurn,
  signal: AbortSignal,
): Promise<string> {
  const message: InboundMessage = {
    context: { channel: "cli", chatId: turn.chatId },
    content: turn.content,
    sessionKey: turn.sessionKey,
  };
  return loop.handle(message, signal);
}

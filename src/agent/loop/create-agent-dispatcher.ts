/**
 * Several agents behind one bus: each inbound message goes to the agent its route picks (the first
 * matching `agents.dispatch.rules` entry, else the default agent). Every agent runs its own loop on its
 * own bounded queue, so a busy agent holds back only its own messages; a full queue still backs up the bus.
 */
import type { MessageBus } from "../../bus/bus.ts";
import type { InboundMessage } from "../../bus/message.ts";
import { BoundedQueue } from "../../lib/bounded-queue.ts";
import { AbortedError } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import { resolveRoute } from "../routing/resolve-route.ts";
import type { RouteConfig } from "../routing/route-config.ts";
import type { AgentLoop } from "./create-agent-loop.ts";
import { systemToOrigin } from "./system-message.ts";

const log = createLogger("agent");

/** One agent: its loop, which `run` consumes `inbound`. */
export interface DispatchedAgent {
  id: string;
  loop: AgentLoop;
  inbound: BoundedQueue<InboundMessage>;
}

/** Creates the queue an agent's loop consumes. */
export function agentQueue(id: string): BoundedQueue<InboundMessage> {
  return new BoundedQueue<InboundMessage>(`inbound:${id}`);
}

/** Combines agents (the default agent first) into one AgentLoop. */
export function createAgentDispatcher(
  bus: MessageBus,
  route: RouteConfig,
  agents: readonly DispatchedAgent[],
): AgentLoop {
  const first = agents[0];
  if (!first) throw new Error("createAgentDispatcher needs at least one agent");
  const byId = new Map(agents.map((a) => [a.id, a]));

  function pick(message: InboundMessage): DispatchedAgent {
    const origin = message.context.channel === "system" ? systemToOrigin(message) : message;
    if (!origin) return first as DispatchedAgent;
    return byId.get(resolveRoute(route, origin.context).agentId) ?? (first as DispatchedAgent);
  }

  return {
    sessions: first.loop.sessions,
    handle: (message, signal) => pick(message).loop.handle(message, signal),
    async idle() {
      await Promise.all(agents.map((a) => a.loop.idle()));
    },
    async run(signal) {
      const runs = agents.map((a) => a.loop.run(signal));
      try {
        for (;;) {
          const message = await bus.inbound.take(signal);
          if (!message) break;
          const agent = pick(message);
          await agent.inbound.put(message, { signal });
        }
      } catch (error) {
        if (!(error instanceof AbortedError)) log.error("dispatch failed", { error });
      } finally {
        for (const agent of agents) agent.inbound.close();
      }
      await Promise.all(runs);
    },
  };
}

/**
 * Opens an agent's offline queue (`agents.defaults.offline_queue`): `<home>/offline-queue` for the default
 * agent, `<home>/offline-queue-<id>` for each other agent, so each agent replays only its own messages.
 */
import { join } from "node:path";
import type { AgentLoopDeps } from "../agent/loop/create-agent-loop.ts";
import { OfflineQueue } from "../agent/offline/offline-queue.ts";
import type { Config } from "../config/index.ts";

/** Loads what a previous run kept; undefined when the queue is disabled. */
export async function openOfflineQueue(
  config: Config,
  home: string,
  agentId?: string,
): Promise<AgentLoopDeps["offline"]> {
  const settings = config.agents.defaults.offline_queue;
  if (!settings.enabled) return undefined;
  const queue = new OfflineQueue({
    dir: join(home, agentId ? `offline-queue-${agentId}` : "offline-queue"),
    maxMessages: settings.max_messages,
    maxBytes: settings.max_bytes,
  });
  await queue.load();
  return {
    queue,
    probeMinMs: settings.probe_min_secs * 1000,
    probeMaxMs: Math.max(settings.probe_min_secs, settings.probe_max_secs) * 1000,
  };
}

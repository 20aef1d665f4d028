/**
 * The `spawn` tool: runs a task as a bounded background sub-turn (channel "subagent", same provider and
 * tools, ephemeral history) and reports the result to the chat that asked, as a system message on the
 * bus that the loop turns into a reply. Bounds: depth ≤ 3, ≤ 5 running, 5 minute timeout, 50 messages.
 */
import type { MessageBus } from "../bus/bus.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger } from "../lib/logger.ts";
import type { ChatMessage, Provider } from "../providers/provider.ts";
import type { Tool, ToolContext, ToolRegistry, ToolResult } from "../tools/tool.ts";
import { runTurn, type TurnLimits } from "./turn/run-turn.ts";

const log = createLogger("spawn");
const MAX_EPHEMERAL_MESSAGES = 50;

/** What spawned sub-turns run with. `tools` is a getter because the registry usually contains this tool. */
export interface SpawnToolDeps {
  bus: MessageBus;
  provider: Provider | undefined;
  tools: () => ToolRegistry;
  workspace: string;
  limits: TurnLimits;
  maxDepth?: number | undefined;
  maxConcurrent?: number | undefined;
  timeoutMs?: number | undefined;
  /** Aborting it (shutdown) cancels every running sub-turn. */
  signal?: AbortSignal | undefined;
}

/** The tool plus a way to wait for its background work (tests, shutdown). */
export interface SpawnTool extends Tool {
  idle(): Promise<void>;
}

interface Origin {
  depth: number;
  channel: string;
  chatId: string;
  sessionKey: string;
}

function parseArgs(args: unknown): { task: string; label: string } | string {
  if (!args || typeof args !== "object") return "arguments must be an object with a task";
  const record = args as Record<string, unknown>;
  const task = typeof record["task"] === "string" ? record["task"].trim() : "";
  if (task === "") return "task is required";
  const label =
    typeof record["label"] === "string" && record["label"].trim() !== ""
      ? record["label"].trim()
      : task.slice(0, 30);
  return { task, label };
}

/** Creates the spawn tool. */
export function createSpawnTool(deps: SpawnToolDeps): SpawnTool {
  const maxDepth = deps.maxDepth ?? 3;
  const maxConcurrent = deps.maxConcurrent ?? 5;
  const timeoutMs = deps.timeoutMs ?? 5 * 60_000;
  // Sub-turn session key → where its results ultimately go and how deep it is.
  const origins = new Map<string, Origin>();
  const running = new Set<Promise<void>>();
  let counter = 0;

  async function runSubTurn(
    id: string,
    task: string,
    label: string,
    origin: Origin,
    provider: Provider,
  ): Promise<void> {
    const signals = [AbortSignal.timeout(timeoutMs), ...(deps.signal ? [deps.signal] : [])];
    const ephemeral: ChatMessage[] = [];
    let report: string;
    try {
      const result = await runTurn({
        provider,
        tools: deps.tools(),
        limits: deps.limits,
        system: [
          "You are a subagent of PicoClaw working on one delegated task in the background.",
          "Complete it with the tools you have, then reply with the result only; nobody can answer questions.",
          `Workspace: ${deps.workspace}`,
        ].join("\n"),
        history: [],
        input: [{ role: "user", content: task }],
        toolContext: {
          channel: "subagent",
          chatId: id,
          sessionKey: id,
          workspace: deps.workspace,
          isInternal: true,
        },
        signal: AbortSignal.any(signals),
        record: async (message) => {
          ephemeral.push(message);
          if (ephemeral.length > MAX_EPHEMERAL_MESSAGES)
            ephemeral.splice(0, ephemeral.length - MAX_EPHEMERAL_MESSAGES);
        },
      });
      report =
        result.status === "canceled"
          ? `Task '${label}' did not finish: it was canceled or ran past ${Math.round(timeoutMs / 1000)} s.`
          : `Task '${label}' completed.\n\nResult:\n${result.reply}`;
    } catch (error) {
      report = `Task '${label}' failed: ${errorMessage(error)}`;
    }
    await deps.bus.publishInbound(
      {
        context: {
          channel: "system",
          chatId: `${origin.channel}:${origin.chatId}`,
          senderId: `subagent:${label}`,
        },
        content: report,
        sessionKey: origin.sessionKey,
      },
      { timeoutMs: 5000 },
    );
  }

  return {
    definition: {
      name: "spawn",
      description:
        "Start a background subagent for a self-contained task. It uses the same tools, runs independently, and its result is reported to this chat when it finishes.",
      parameters: {
        type: "object",
        properties: {
          task: {
            type: "string",
            description: "What the subagent should do, with all the context it needs.",
          },
          label: { type: "string", description: "A short name for the task, shown when it reports back." },
        },
        required: ["task"],
      },
    },
    async execute(args: unknown, context: ToolContext): Promise<ToolResult> {
      const parsed = parseArgs(args);
      if (typeof parsed === "string") return { content: parsed, isError: true };
      const provider = deps.provider;
      if (!provider) return { content: "no model is configured for subagents", isError: true };
      const parent = origins.get(context.sessionKey);
      const origin: Origin = parent
        ? { ...parent, depth: parent.depth + 1 }
        : { depth: 1, channel: context.channel, chatId: context.chatId, sessionKey: context.sessionKey };
      if (origin.depth > maxDepth)
        return { content: `subagent depth limit (${maxDepth}) reached`, isError: true };
      if (running.size >= maxConcurrent) {
        return {
          content: `${maxConcurrent} subagents are already running; try again when one finishes`,
          isError: true,
        };
      }
      const id = `subagent-${++counter}`;
      origins.set(id, origin);
      const job = runSubTurn(id, parsed.task, parsed.label, origin, provider)
        .catch((error: unknown) => log.warn("subagent report failed", { id, error }))
        .finally(() => {
          origins.delete(id);
          running.delete(job);
        });
      running.add(job);
      return {
        content: `Spawned subagent '${parsed.label}' (${id}). Its result will be reported to this chat when it finishes.`,
      };
    },
    async idle() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}

/** Runs one turn inside a session: loads history and summary, builds the prompt, persists every message. */

import { isInternalChannel } from "../../bus/internal-channels.ts";
import type { MessageContext, SenderInfo } from "../../bus/message.ts";
import type { StreamSink } from "../../bus/stream-sink.ts";
import type { ChatMessage, Provider } from "../../providers/provider.ts";
import type { ToolRegistry } from "../../tools/tool.ts";
import { recordCompression } from "../context/record-compression.ts";
import type { AgentDefaults } from "../defaults.ts";
import { buildSystemPrompt } from "../prompt/build-system-prompt.ts";
import type { FileCache } from "../prompt/file-cache.ts";
import type { SkillSummary } from "../prompt/skills-block.ts";
import { type ComplexityRouting, selectModel } from "../routing/complexity.ts";
import type { SessionStore } from "../session/session-store.ts";
import { runTurn, type TurnResult } from "../turn/run-turn.ts";
import type { SteeringQueue } from "../turn/steering-queue.ts";

/** What every session turn shares. */
export interface SessionTurnEnv {
  store: SessionStore;
  provider: Provider;
  tools: ToolRegistry;
  workspace: string;
  defaults: AgentDefaults;
  now: () => number;
  files: FileCache;
  listSkills?: (() => Promise<readonly SkillSummary[]>) | undefined;
  /** Complexity routing (`agents.defaults.routing`): simple messages go to this light model's client. */
  light?: { provider: Provider; routing: ComplexityRouting } | undefined;
}

/**
 * The client for this turn: the light model when routing is on and the new message scores below the
 * threshold (PicoClaw's features: length, code blocks, recent tool calls, depth; media always scores 1).
 */
function providerForTurn(
  env: SessionTurnEnv,
  job: SessionTurnJob,
  history: readonly ChatMessage[],
): Provider {
  if (!env.light) return env.provider;
  const input = job.input.filter((m) => m.role === "user");
  if (input.some((m) => (m.media?.length ?? 0) > 0)) return env.provider;
  const text = input.map((m) => m.content).join("\n");
  return selectModel(env.light.routing, text, history, "primary").usedLight
    ? env.light.provider
    : env.provider;
}

/** One turn's facts. */
export interface SessionTurnJob {
  key: string;
  context: MessageContext;
  sender?: SenderInfo | undefined;
  input: readonly ChatMessage[];
  signal: AbortSignal;
  steering?: SteeringQueue | undefined;
  sink?: StreamSink | undefined;
  /** A replayed offline message that the failed turn already recorded (see runTurn's inputRecorded). */
  inputRecorded?: boolean | undefined;
  /** False for /btw: no tools and nothing written to the session. */
  persist?: boolean | undefined;
}

/** Loads the session, runs the turn, and returns its result. */
export async function runSessionTurn(env: SessionTurnEnv, job: SessionTurnJob): Promise<TurnResult> {
  const persist = job.persist ?? true;
  const entries = await env.store.history(job.key);
  const meta = await env.store.meta(job.key);
  const system = await buildSystemPrompt({
    workspace: env.workspace,
    now: env.now(),
    channel: job.context.channel,
    chatId: job.context.chatId,
    senderId: job.context.senderId,
    senderName: job.sender?.displayName ?? job.sender?.username,
    summary: meta.summary,
    listSkills: env.listSkills,
    files: env.files,
  });
  let history = entries.map((e) => e.message);
  // The turn that found no model reachable recorded the message; if it is still the tail, answer that one.
  const tail = history.at(-1);
  const inputRecorded =
    job.inputRecorded === true &&
    job.input.length === 1 &&
    tail?.role === "user" &&
    tail.content === job.input[0]?.content;
  if (inputRecorded) history = history.slice(0, -1);
  return runTurn({
    provider: providerForTurn(env, job, history),
    tools: persist ? env.tools : undefined,
    limits: {
      maxTokens: env.defaults.maxTokens,
      contextWindow: env.defaults.contextWindow,
      maxToolIterations: persist ? env.defaults.maxToolIterations : 1,
      temperature: env.defaults.temperature,
    },
    system,
    history,
    input: job.input,
    inputRecorded,
    toolContext: {
      channel: job.context.channel,
      chatId: job.context.chatId,
      sessionKey: job.key,
      workspace: env.workspace,
      isInternal: isInternalChannel(job.context.channel),
    },
    signal: job.signal,
    steering: persist ? job.steering : undefined,
    sink: job.sink,
    // Lines are written at once and made durable together before the reply leaves (the caller syncs);
    // a tool call is durable before its tool runs, since a tool acts outside the session.
    record: persist
      ? (message) =>
          message.tool_calls?.length ? env.store.append(job.key, message) : env.store.write(job.key, message)
      : async () => {},
    onCompressed: persist ? (dropped) => recordCompression(env.store, job.key, entries, dropped) : undefined,
  });
}

/**
 * The agent loop: consumes the inbound queue, routes each message to a session, answers built-in
 * commands, runs one turn per session at a time (later messages steer the running turn), bounds turns
 * across sessions with `max_parallel_turns`, and publishes replies. A failing turn never wedges a session.
 */
import type { MessageBus } from "../../bus/bus.ts";
import type { InboundMessage, MessageContext } from "../../bus/message.ts";
import type { StreamSink, StreamSinkFactory } from "../../bus/stream-sink.ts";
import { AbortedError, errorMessage } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChatMessage, Provider } from "../../providers/provider.ts";
import type { ToolRegistry } from "../../tools/tool.ts";
import { executeCommand, isBuiltinCommand } from "../commands/execute-command.ts";
import { createSummarizer, type Summarizer } from "../context/summarizer.ts";
import { type AgentDefaultsInput, resolveAgentDefaults } from "../defaults.ts";
import { createFileCache } from "../prompt/file-cache.ts";
import type { SkillSummary } from "../prompt/skills-block.ts";
import type { RouteConfig } from "../routing/route-config.ts";
import { createSessionStore, type SessionStore } from "../session/session-store.ts";
import { failureReply } from "../turn/replies.ts";
import { createSteeringQueue } from "../turn/steering-queue.ts";
import { type ActiveSession, createCommandRuntime } from "./command-runtime.ts";
import { consumeInbound } from "./consume-inbound.ts";
import { publishReply } from "./publish-reply.ts";
import { resolveSessionKey } from "./resolve-session-key.ts";
import { createSemaphore } from "./semaphore.ts";
import { runSessionTurn, type SessionTurnEnv } from "./session-turn.ts";
import { systemToOrigin } from "./system-message.ts";

const log = createLogger("agent");
const BUSY_REPLY = "I'm still working on your earlier messages; please wait a moment and send this again.";
/** Messages taken off the bus but still waiting for a turn slot; beyond this the loop stops consuming. */
const MAX_WAITING = 32;

/** What the loop is built from. Contract: `provider` undefined means every reply is `noModelReply`. */
export interface AgentLoopDeps {
  bus: MessageBus;
  provider: Provider | undefined;
  tools: ToolRegistry;
  workspace: string;
  defaults: AgentDefaultsInput;
  noModelReply: string;
  now?: (() => number) | undefined;
  route?: RouteConfig | undefined;
  sessions?: SessionStore | undefined;
  listSkills?: (() => Promise<readonly SkillSummary[]>) | undefined;
  streamSink?: StreamSinkFactory | undefined;
  /** Complexity routing to a light model; absent when `agents.defaults.routing` is off. */
  light?: SessionTurnEnv["light"];
}

/** A running agent. */
export interface AgentLoop {
  /** Consumes bus.inbound until it is closed and drained, or `signal` aborts; then waits for open turns. */
  run(signal: AbortSignal): Promise<void>;
  /** Handles one message and resolves with its reply text ("" when the message steered a running turn). */
  handle(message: InboundMessage, signal?: AbortSignal): Promise<string>;
  /** Resolves when background work (summaries) has finished. */
  idle(): Promise<void>;
  readonly sessions: SessionStore;
}

/** Creates the agent loop. */
export function createAgentLoop(deps: AgentLoopDeps): AgentLoop {
  const defaults = resolveAgentDefaults(deps.defaults);
  const now = deps.now ?? Date.now;
  const store = deps.sessions ?? createSessionStore(`${deps.workspace}/sessions`);
  const semaphore = createSemaphore(defaults.maxParallelTurns);
  const active = new Map<string, ActiveSession>();
  const files = createFileCache();
  const summarizer: Summarizer | undefined = deps.provider
    ? createSummarizer({
        provider: deps.provider,
        store,
        contextWindow: defaults.contextWindow,
        messageThreshold: defaults.summarizeMessageThreshold,
        tokenPercent: defaults.summarizeTokenPercent,
      })
    : undefined;

  const env: SessionTurnEnv | undefined = deps.provider && {
    store,
    provider: deps.provider,
    tools: deps.tools,
    workspace: deps.workspace,
    defaults,
    now,
    files,
    listSkills: deps.listSkills,
    light: deps.light,
  };
  const runtime = { active, env, noModelReply: deps.noModelReply, clear: (key: string) => store.clear(key) };
  const publish = (context: MessageContext, key: string, content: string, sink?: StreamSink) =>
    publishReply(deps.bus, context, key, content, sink);

  async function turns(message: InboundMessage, key: string, session: ActiveSession): Promise<string> {
    if (!env) {
      await publish(message.context, key, deps.noModelReply);
      return deps.noModelReply;
    }
    let input: ChatMessage[] = [userMessage(message)];
    let first: string | undefined;
    // Messages that queued after the model's last tool call start continuation turns, each with its reply.
    while (input.length > 0 && !session.controller.signal.aborted) {
      const sink = deps.streamSink?.(message.context);
      let reply: string;
      try {
        const result = await runSessionTurn(env, {
          key,
          context: message.context,
          sender: message.sender,
          input,
          signal: session.controller.signal,
          steering: session.steering,
          sink,
        });
        reply = result.sentToChat ? "" : result.reply;
        if (result.status === "completed" || result.status === "tool_limit") summarizer?.maybeSummarize(key);
      } catch (error) {
        log.error("turn failed", { key, error: errorMessage(error) });
        reply = failureReply(errorMessage(error));
      } finally {
        sink?.end();
      }
      await publish(message.context, key, reply, sink).catch((error: unknown) =>
        log.warn("publish failed", { key, error }),
      );
      first ??= reply;
      input = session.steering.poll();
    }
    return first ?? "";
  }

  async function handle(original: InboundMessage, signal?: AbortSignal): Promise<string> {
    const message = original.context.channel === "system" ? systemToOrigin(original) : original;
    if (!message) return "";
    const key = await resolveSessionKey(store, deps.route, message);
    const running = active.get(key);
    if (isBuiltinCommand(message.content) && (!running || isBuiltinCommand(message.content, "stop"))) {
      const outcome = await executeCommand(
        message.content,
        createCommandRuntime(runtime, key, message),
        signal ?? new AbortController().signal,
      );
      if (outcome.handled) {
        await publish(message.context, key, outcome.reply);
        return outcome.reply;
      }
    }
    if (running) {
      if (running.steering.push(userMessage(message))) return "";
      await publish(message.context, key, BUSY_REPLY);
      return BUSY_REPLY;
    }
    const controller = new AbortController();
    const unlink = link(signal, controller);
    const session: ActiveSession = {
      controller,
      task: message.content,
      steering: createSteeringQueue(defaults.steeringMode),
    };
    active.set(key, session);
    let release: (() => void) | undefined;
    try {
      release = await semaphore.acquire(controller.signal);
      return await turns(message, key, session);
    } catch (error) {
      if (error instanceof AbortedError) return "";
      log.error("message failed", { key, error: errorMessage(error) });
      return failureReply(errorMessage(error));
    } finally {
      release?.();
      unlink();
      active.delete(key);
    }
  }

  return {
    sessions: store,
    handle,
    async idle() {
      await summarizer?.idle();
    },
    async run(signal) {
      log.info("agent loop started", { maxParallelTurns: defaults.maxParallelTurns });
      await consumeInbound(
        deps.bus.inbound,
        (message) => handle(message, signal),
        MAX_WAITING + defaults.maxParallelTurns,
        signal,
      );
      await summarizer?.idle();
      log.info("agent loop stopped");
    },
  };
}

function userMessage(message: InboundMessage): ChatMessage {
  const chat: ChatMessage = { role: "user", content: message.content };
  if (message.media?.length) chat.media = [...message.media];
  return chat;
}

function link(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => {};
  const abort = () => controller.abort();
  if (signal.aborted) abort();
  signal.addEventListener("abort", abort, { once: true });
  return () => signal.removeEventListener("abort", abort);
}

/**
 * The agent loop: consumes the inbound queue, routes each message to a session, answers built-in
 * commands, runs one turn per session at a time (later messages steer the running turn), bounds turns
 * across sessions with `max_parallel_turns`, and publishes replies. A failing turn never wedges a session.
 */
import type { MessageBus } from "../../bus/bus.ts";
import { isInternalChannel } from "../../bus/internal-channels.ts";
import type { InboundMessage, MessageContext } from "../../bus/message.ts";
import type { StreamSink, StreamSinkFactory } from "../../bus/stream-sink.ts";
import type { BoundedQueue } from "../../lib/bounded-queue.ts";
import { AbortedError, errorMessage } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChatMessage, Provider } from "../../providers/provider.ts";
import type { ToolRegistry } from "../../tools/tool.ts";
import { executeCommand, isBuiltinCommand } from "../commands/execute-command.ts";
import { createSummarizer, type Summarizer } from "../context/summarizer.ts";
import { type AgentDefaultsInput, resolveAgentDefaults } from "../defaults.ts";
import { createOfflineMode, type OfflineMode, type ReplayOutcome } from "../offline/offline-mode.ts";
import type { OfflineQueue, QueuedMessage } from "../offline/offline-queue.ts";
import { createFileCache, reuseFor } from "../prompt/file-cache.ts";
import type { SkillSummary } from "../prompt/skills-block.ts";
import type { RouteConfig } from "../routing/route-config.ts";
import { createSessionStore, type SessionStore } from "../session/session-store.ts";
import { failureReply } from "../turn/replies.ts";
import { type ActiveSession, createCommandRuntime } from "./command-runtime.ts";
import { consumeInbound } from "./consume-inbound.ts";
import { publishReply } from "./publish-reply.ts";
import { replyRoute, resolveSessionKey } from "./resolve-session-key.ts";
import { createSemaphore } from "./semaphore.ts";
import { runSessionTurn, type SessionTurnEnv } from "./session-turn.ts";
import { systemToOrigin } from "./system-message.ts";
import { createTrackedSteering } from "./tracked-steering.ts";

const log = createLogger("agent");
const BUSY_REPLY = "I'm still working on your earlier messages; please wait a moment and send this again.";
/** Messages taken off the bus but still waiting for a turn slot; beyond this the loop stops consuming. */
const MAX_WAITING = 32;
/** Workspace prompt files and the skills list are trusted this long before they are checked again. */
export const PROMPT_RECHECK_MS = 1000;

/** What the loop is built from. Contract: `provider` undefined means every reply is `noModelReply`. */
export interface AgentLoopDeps {
  bus: MessageBus;
  /** The queue `run` consumes; default `bus.inbound` (a multi-agent dispatcher gives each agent its own). */
  inbound?: BoundedQueue<InboundMessage> | undefined;
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
  /** The offline queue (`agents.defaults.offline_queue`), loaded; absent: unreachable models are reported. */
  offline?: { queue: OfflineQueue; probeMinMs: number; probeMaxMs: number } | undefined;
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
  const files = createFileCache({ recheckMs: PROMPT_RECHECK_MS });
  const listSkills = deps.listSkills && reuseFor(PROMPT_RECHECK_MS, deps.listSkills);
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
    listSkills,
    light: deps.light,
  };
  const runtime = { active, env, noModelReply: deps.noModelReply, clear: (key: string) => store.clear(key) };
  const publish = (context: MessageContext, key: string, content: string, sink?: StreamSink) =>
    publishReply(deps.bus, context, key, content, sink, replyRoute(deps.route, context));
  const offline: OfflineMode | undefined =
    deps.offline &&
    createOfflineMode({
      ...deps.offline,
      replay: (entry, signal) => replay(entry, signal),
      notify: (context, key, text) => publish(context, key, text),
    });

  interface TurnsOutcome {
    first: string;
    /** The turn found no model reachable; its messages were kept (or, for a replay, stay kept). */
    unreachable: boolean;
  }

  /** The turn slot a session holds while its model works; given back while the reply waits for the disk. */
  interface Slot {
    take(): Promise<void>;
    give(): void;
  }

  async function turns(
    message: InboundMessage,
    key: string,
    session: ActiveSession,
    replay: QueuedMessage | undefined,
    slot: Slot,
  ): Promise<TurnsOutcome> {
    const replaying = replay !== undefined;
    let inputRecorded = replay?.recorded === true;
    if (!env) {
      await publish(message.context, key, deps.noModelReply);
      return { first: deps.noModelReply, unreachable: false };
    }
    let input: ChatMessage[] = [userMessage(message)];
    let inbound: InboundMessage[] = [message];
    let first: string | undefined;
    // Messages that queued after the model's last tool call start continuation turns, each with its reply.
    while (input.length > 0 && !session.controller.signal.aborted) {
      await slot.take();
      const sink = deps.streamSink?.(message.context);
      let reply: string;
      let unreachable = false;
      let answered = false;
      try {
        const result = await runSessionTurn(env, {
          key,
          context: message.context,
          sender: message.sender,
          input,
          inputRecorded,
          signal: session.controller.signal,
          steering: session.steering.queue,
          sink,
        });
        unreachable = result.status === "unreachable";
        reply = result.sentToChat ? "" : result.reply;
        if (result.status === "completed" || result.status === "tool_limit") {
          summarizer?.maybeSummarize(key);
          answered = true;
        }
      } catch (error) {
        log.error("turn failed", { key, error: errorMessage(error) });
        reply = failureReply(errorMessage(error));
      } finally {
        sink?.end();
      }
      if (unreachable && offline && !isInternalChannel(message.context.channel)) {
        await durable(key, "");
        if (!replaying) await offline.keep([...inbound, ...session.steering.takeAll()], key, inbound.length);
        return { first: first ?? "", unreachable: true };
      }
      // The model is done: the next session's turn may start while this one's lines reach the disk.
      // A reply leaves only once its session lines are durable.
      slot.give();
      reply = await durable(key, reply);
      await publish(message.context, key, reply, sink).catch((error: unknown) =>
        log.warn("publish failed", { key, error }),
      );
      // Kept messages are replayed once this reply is out, so it is not overtaken by theirs.
      if (answered) offline?.reachable();
      first ??= reply;
      ({ input, inbound } = session.steering.next());
      inputRecorded = false;
    }
    return { first: first ?? "", unreachable: false };
  }

  /** Runs the turns of a message in session `key` once a turn slot is free. */
  async function runSession(
    message: InboundMessage,
    key: string,
    signal: AbortSignal | undefined,
    replay: QueuedMessage | undefined,
  ): Promise<TurnsOutcome> {
    const controller = new AbortController();
    const unlink = link(signal, controller);
    const session: ActiveSession = {
      controller,
      task: message.content,
      steering: createTrackedSteering(defaults.steeringMode),
    };
    active.set(key, session);
    let release: (() => void) | undefined;
    const slot: Slot = {
      take: async () => {
        release ??= await semaphore.acquire(controller.signal);
      },
      give: () => {
        release?.();
        release = undefined;
      },
    };
    try {
      return await turns(message, key, session, replay, slot);
    } catch (error) {
      if (error instanceof AbortedError) return { first: "", unreachable: false };
      log.error("message failed", { key, error: errorMessage(error) });
      return { first: failureReply(errorMessage(error)), unreachable: false };
    } finally {
      release?.();
      unlink();
      active.delete(key);
    }
  }

  /** Waits until the session's lines are on disk; a failed flush replaces the reply with the error. */
  async function durable(key: string, reply: string): Promise<string> {
    try {
      await store.sync(key);
      return reply;
    } catch (error) {
      log.error("session not saved", { key, error: errorMessage(error) });
      return failureReply(errorMessage(error));
    }
  }

  async function replay(entry: QueuedMessage, signal: AbortSignal): Promise<ReplayOutcome> {
    if (active.has(entry.key)) return "busy";
    const outcome = await runSession(entry.message, entry.key, signal, entry);
    if (signal.aborted) throw new AbortedError("replay");
    return outcome.unreachable ? "unreachable" : "answered";
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
    // A session with kept messages keeps new ones behind them, so its replies stay in arrival order.
    if (offline?.holds(key) && !isInternalChannel(message.context.channel)) {
      await offline.keep([message], key);
      return "";
    }
    if (running) {
      if (running.steering.push(message, userMessage(message))) return "";
      await publish(message.context, key, BUSY_REPLY);
      return BUSY_REPLY;
    }
    return (await runSession(message, key, signal, undefined)).first;
  }

  return {
    sessions: store,
    handle,
    async idle() {
      await summarizer?.idle();
      await offline?.idle();
    },
    async run(signal) {
      log.info("agent loop started", { maxParallelTurns: defaults.maxParallelTurns });
      offline?.start(signal);
      await consumeInbound(
        deps.inbound ?? deps.bus.inbound,
        (message) => handle(message, signal),
        MAX_WAITING + defaults.maxParallelTurns,
        signal,
      );
      await summarizer?.idle();
      await offline?.idle();
      await store
        .flush()
        .catch((error: unknown) => log.warn("sessions not flushed", { error: errorMessage(error) }));
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

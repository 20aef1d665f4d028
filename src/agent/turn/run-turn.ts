/**
 * One agent turn: ask the model, run the tool calls it asks for one at a time (so a queued user message
 * can interrupt between calls), and repeat until it answers or the iteration cap is hit. Failures come
 * back as a status and a reply text; this function does not throw for provider or tool failures.
 */
import type { StreamSink } from "../../bus/stream-sink.ts";
import { isUnreachable } from "../../providers/is-unreachable.ts";
import type { ChatMessage, Provider, ToolCall } from "../../providers/provider.ts";
import type { ToolContext, ToolRegistry } from "../../tools/tool.ts";
import { dropOldestHistoryTurns, dropOldestTurns } from "../context/drop-oldest-turns.ts";
import { collectResponse } from "./collect-response.ts";
import { charsToTokens, estimateTextTokens, estimateToolsTokens, messageChars } from "./estimate-tokens.ts";
import {
  EMPTY_RESPONSE,
  failureReply,
  SKIPPED_FOR_STEERING,
  SKIPPED_FOR_STOP,
  TOOL_LIMIT_RESPONSE,
  unreachableReply,
} from "./replies.ts";
import type { SteeringQueue } from "./steering-queue.ts";

/** Model limits of a turn (from agents.defaults). */
export interface TurnLimits {
  maxTokens: number;
  contextWindow: number;
  maxToolIterations: number;
  temperature?: number | undefined;
}

/** Everything one turn needs; per-turn facts are arguments, never shared state. */
export interface TurnOptions {
  provider: Provider;
  /** Undefined for tool-less turns such as /btw. */
  tools?: ToolRegistry | undefined;
  limits: TurnLimits;
  system: string;
  history: readonly ChatMessage[];
  /** The new user message(s) this turn answers. */
  input: readonly ChatMessage[];
  toolContext: Omit<ToolContext, "signal">;
  signal: AbortSignal;
  steering?: SteeringQueue | undefined;
  sink?: StreamSink | undefined;
  /** The input is already the tail of the stored history (a replayed offline message): not recorded again. */
  inputRecorded?: boolean | undefined;
  /** Persists a message of this turn (user input, assistant, tool results), in order. */
  record(message: ChatMessage): Promise<void>;
  /** Called after messages of the stored history were dropped to fit the context window. */
  onCompressed?: ((droppedFromHistory: number) => Promise<void>) | undefined;
}

/** How a turn ended. `sentToChat`: the `message` tool already delivered to this chat. */
export interface TurnResult {
  /** `unreachable`: the first model call found no provider reachable (the input is recorded, unanswered). */
  status: "completed" | "canceled" | "failed" | "tool_limit" | "unreachable";
  reply: string;
  sentToChat: boolean;
  iterations: number;
}

/** Runs one turn to completion. */
export async function runTurn(options: TurnOptions): Promise<TurnResult> {
  const { provider, tools, limits, signal, steering } = options;
  const definitions = tools?.definitions() ?? [];
  let working: ChatMessage[] = [...options.history];
  // The working messages' counted characters, kept as messages are added (recounted after a compression).
  const charsOf = (messages: readonly ChatMessage[]) => messages.reduce((n, m) => n + messageChars(m), 0);
  let workingChars = charsOf(working);
  // The prompt and the tool schemas do not change within a turn.
  const fixedTokens = estimateTextTokens(options.system) + estimateToolsTokens(definitions);
  let sentToChat = false;
  let retriedOverflow = false;

  const add = async (message: ChatMessage) => {
    working.push(message);
    workingChars += messageChars(message);
    await options.record(message);
  };
  // Where the running turn begins in `working`; what precedes it is history.
  let currentStart = options.history.length;
  /** `emergency` (after an overflow error) may cut into the running turn, as PicoClaw does. */
  const compress = async (emergency: boolean) => {
    const { kept, dropped } = emergency
      ? dropOldestTurns(working)
      : dropOldestHistoryTurns(working, currentStart);
    if (dropped === 0) return false;
    const keptSet = new Set(kept);
    const fromHistory = options.history.filter((m) => !keptSet.has(m)).length;
    working = kept;
    workingChars = charsOf(working);
    currentStart = Math.max(0, currentStart - dropped);
    if (fromHistory > 0) await options.onCompressed?.(fromHistory);
    return true;
  };
  const done = (status: TurnResult["status"], reply: string, iterations: number): TurnResult => ({
    status,
    reply,
    sentToChat,
    iterations,
  });

  // A replayed offline message whose user message is already the tail of the history is not recorded twice.
  if (options.inputRecorded) {
    working.push(...options.input);
    workingChars += charsOf(options.input);
  } else for (const message of options.input) await add(message);

  let iteration = 0;
  while (iteration < limits.maxToolIterations) {
    if (signal.aborted) return done("canceled", "", iteration);
    // The same figure as estimateMessagesTokens(working), without walking the history on every call.
    const budget = fixedTokens + charsToTokens(workingChars);
    if (budget + limits.maxTokens > limits.contextWindow) await compress(false);

    const outcome = await collectResponse(
      provider,
      {
        messages: [{ role: "system", content: options.system }, ...working],
        tools: definitions.length > 0 ? definitions : undefined,
        maxTokens: limits.maxTokens,
        temperature: limits.temperature,
        stream: options.sink !== undefined,
      },
      signal,
      options.sink,
    );
    if (!outcome.ok && iteration === 0 && isUnreachable(outcome.reason, outcome.status)) {
      return done("unreachable", unreachableReply(outcome.message), iteration);
    }
    if (!outcome.ok) {
      if (outcome.reason === "canceled" || signal.aborted) return done("canceled", "", iteration);
      if (outcome.reason === "context_overflow" && !retriedOverflow) {
        retriedOverflow = true;
        if (await compress(true)) continue;
      }
      return done("failed", failureReply(outcome.message), iteration);
    }
    iteration++;
    const { result } = outcome;
    if (result.toolCalls.length === 0) {
      const reply = result.content.trim() === "" ? EMPTY_RESPONSE : result.content;
      await add({
        role: "assistant",
        content: reply,
        model_name: result.model,
        reasoning_content: result.reasoning,
      });
      return done("completed", reply, iteration);
    }
    await add({
      role: "assistant",
      content: result.content,
      tool_calls: result.toolCalls,
      model_name: result.model,
      reasoning_content: result.reasoning,
    });
    let interrupted = false;
    for (const call of result.toolCalls) {
      let content: string;
      if (signal.aborted) content = SKIPPED_FOR_STOP;
      else if (interrupted) content = SKIPPED_FOR_STEERING;
      else content = await executeCall(call, options);
      await add({ role: "tool", content, tool_call_id: call.id });
      if (!interrupted && (steering?.size ?? 0) > 0) interrupted = true;
    }
    if (signal.aborted) return done("canceled", "", iteration);
    if (interrupted && steering) for (const message of steering.poll()) await add(message);
  }
  return done("tool_limit", TOOL_LIMIT_RESPONSE, iteration);

  async function executeCall(call: ToolCall, opts: TurnOptions): Promise<string> {
    let args: unknown;
    try {
      args = call.function.arguments.trim() === "" ? {} : JSON.parse(call.function.arguments);
    } catch (error) {
      return `Error: invalid JSON arguments for ${call.function.name}: ${(error as Error).message}`;
    }
    if (!opts.tools) return `Error: tool ${call.function.name} is not available here`;
    try {
      const result = await opts.tools.execute(call.function.name, args, {
        ...opts.toolContext,
        signal: opts.signal,
      });
      if (call.function.name === "message" && !result.isError && targetsCurrentChat(args, opts.toolContext)) {
        sentToChat = true;
      }
      return result.isError ? `Error: ${result.content}` : result.content;
    } catch (error) {
      // Registries must not throw (tool.ts contract); a broken one still must not kill the turn.
      return `Error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

/** True when `message` tool arguments address the chat of this turn (PR #105 duplicate suppression). */
function targetsCurrentChat(args: unknown, context: Omit<ToolContext, "signal">): boolean {
  if (!args || typeof args !== "object") return true;
  const record = args as Record<string, unknown>;
  const channel =
    typeof record["channel"] === "string" && record["channel"] !== "" ? record["channel"] : context.channel;
  const chatId =
    typeof record["chat_id"] === "string" && record["chat_id"] !== "" ? record["chat_id"] : context.chatId;
  return channel === context.channel && chatId === context.chatId;
}

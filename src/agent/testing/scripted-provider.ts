/**
 * In-memory Provider for agent tests: answers each call with the next scripted step, records every
 * request, and can hold a step until the test releases it (to test steering and /stop deterministically).
 */
import type {
  ChatRequest,
  FailureReason,
  Provider,
  ProviderEvent,
  ToolCall,
} from "../../providers/provider.ts";

/** One scripted answer. */
export interface ScriptStep {
  text?: string;
  toolCalls?: { name: string; args: unknown; id?: string }[];
  error?: { reason: FailureReason; message?: string };
  /** Resolves when the step may answer; the call reports `canceled` if aborted first. */
  gate?: Promise<void>;
  /** Called when the request arrives (before the gate). */
  onRequest?: (request: ChatRequest) => void;
}

/** A scripted provider plus what it saw. */
export interface ScriptedProvider extends Provider {
  readonly requests: ChatRequest[];
  /** Appends more steps. */
  push(...steps: (ScriptStep | ((request: ChatRequest) => ScriptStep))[]): void;
}

/** Creates a provider that plays `steps` in order; when they run out it answers "(script exhausted)". */
export function createScriptedProvider(
  steps: (ScriptStep | ((request: ChatRequest) => ScriptStep))[] = [],
): ScriptedProvider {
  const queue = [...steps];
  const requests: ChatRequest[] = [];
  let callCounter = 0;
  return {
    name: "scripted",
    model: "scripted-model",
    requests,
    push: (...more) => {
      queue.push(...more);
    },
    chat(request, signal) {
      requests.push(request);
      const next = queue.shift() ?? { text: "(script exhausted)" };
      const step = typeof next === "function" ? next(request) : next;
      step.onRequest?.(request);
      return play(step, signal);
    },
  };

  async function* play(step: ScriptStep, signal: AbortSignal): AsyncGenerator<ProviderEvent> {
    if (step.gate) {
      const aborted = new Promise<"aborted">((resolve) => {
        if (signal.aborted) resolve("aborted");
        signal.addEventListener("abort", () => resolve("aborted"), { once: true });
      });
      if ((await Promise.race([step.gate.then(() => "open" as const), aborted])) === "aborted") {
        yield { type: "error", reason: "canceled", message: "canceled" };
        return;
      }
    }
    if (signal.aborted) {
      yield { type: "error", reason: "canceled", message: "canceled" };
      return;
    }
    if (step.error) {
      yield { type: "error", reason: step.error.reason, message: step.error.message ?? step.error.reason };
      return;
    }
    const text = step.text ?? "";
    for (const piece of text.match(/.{1,8}/gs) ?? []) yield { type: "text_delta", text: piece };
    const toolCalls: ToolCall[] = (step.toolCalls ?? []).map((call) => ({
      id: call.id ?? `call_${++callCounter}`,
      type: "function",
      function: {
        name: call.name,
        arguments: typeof call.args === "string" ? call.args : JSON.stringify(call.args),
      },
    }));
    yield { type: "done", result: { content: text, toolCalls, model: "scripted-model" } };
  }
}

/**
 * The script a fake LLM server plays: one step per request, in order. When the script runs out the
 * server echoes (or fails, if asked), so agent and gateway tests can run without writing steps.
 * Scripts are plain JSON, so a fake started as a separate process can read them from a file.
 */

/** Options every step may carry. */
interface StepTiming {
  /** Wait this long before answering (slow servers; keep it small). */
  delayMs?: number;
  /** Split the SSE body into pieces of this many bytes (awkward boundaries); 0 = one piece per event. */
  chunkBytes?: number;
}

/** A tool call the fake model makes. `arguments` may be an object (serialised) or raw JSON text. */
export interface FakeToolCall {
  name: string;
  arguments?: unknown;
  id?: string;
}

/** One scripted reply. */
export type FakeStep = StepTiming &
  (
    | { kind: "text"; text: string; reasoning?: string }
    | { kind: "tools"; calls: FakeToolCall[]; text?: string }
    | { kind: "error"; status: number; body?: unknown; headers?: Record<string, string> }
    | { kind: "echo" }
    /** Never answers; the request stays open until the client gives up. */
    | { kind: "hang" }
    /** Streams `text`, then goes silent without ending the stream. */
    | { kind: "stall"; text: string }
    /** Sends headers and part of the body, then breaks the connection (bytes in flight may be lost). */
    | { kind: "drop" }
    /** Sends `body` verbatim (recorded SSE fixtures, mid-stream error events). */
    | { kind: "raw"; body: string; status?: number; contentType?: string }
  );

/** What happens when the script is empty. */
export type WhenEmpty = "echo" | "error";

/** A complete script. */
export interface FakeScript {
  steps?: FakeStep[];
  whenEmpty?: WhenEmpty;
}

/** The answer a step resolves to, before wire formatting. */
export interface FakeAnswer {
  text: string;
  reasoning: string;
  calls: { id: string; name: string; arguments: string }[];
}

/** The deterministic echo reply: "echo: <last user or tool text>". */
export function echoText(lastText: string): string {
  return `echo: ${lastText}`;
}

/** Resolves a text/tools/echo step into an answer. */
export function answerOf(step: FakeStep, lastText: string): FakeAnswer {
  if (step.kind === "text") return { text: step.text, reasoning: step.reasoning ?? "", calls: [] };
  if (step.kind === "stall") return { text: step.text, reasoning: "", calls: [] };
  if (step.kind === "tools") {
    const calls = step.calls.map((call, i) => ({
      id: call.id ?? `call_${i + 1}`,
      name: call.name,
      arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
    }));
    return { text: step.text ?? "", reasoning: "", calls };
  }
  return { text: echoText(lastText), reasoning: "", calls: [] };
}

/** Reads a script from JSON (an object with `steps`, or a bare array of steps). */
export function parseScript(json: string): FakeScript {
  const value: unknown = JSON.parse(json);
  if (Array.isArray(value)) return { steps: value as FakeStep[] };
  if (typeof value === "object" && value !== null) return value as FakeScript;
  throw new Error("fake LLM script must be an array of steps or {steps, whenEmpty}");
}

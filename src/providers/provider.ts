/**
 * LLM provider contract. Messages use the OpenAI chat shape (the shape PicoClaw stores in session JSONL);
 * adapters for other wire APIs convert at the HTTP boundary. Failures are values: a stream ends with
 * `done` or `error`, it never throws.
 */

/** A tool call requested by the model. `arguments` is the raw JSON text the model produced. */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** One chat message, as stored in `sessions/<key>.jsonl`. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  tool_calls?: ToolCall[] | undefined;
  tool_call_id?: string | undefined;
  reasoning_content?: string | undefined;
  model_name?: string | undefined;
  created_at?: string | undefined;
  media?: string[] | undefined;
}

/** A tool offered to the model (JSON Schema parameters). */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One request to a model. */
export interface ChatRequest {
  messages: readonly ChatMessage[];
  tools?: readonly ToolDefinition[] | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  stream?: boolean | undefined;
}

/** Token counts reported by the provider. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

/** Why a call failed; drives fallback and cooldown (PicoClaw's FailoverReason). */
export type FailureReason =
  | "auth"
  | "rate_limit"
  | "billing"
  | "network"
  | "timeout"
  | "format"
  | "context_overflow"
  | "overloaded"
  | "canceled"
  | "unknown";

/** The complete answer of one call. */
export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  reasoning?: string | undefined;
  usage?: Usage | undefined;
  model: string;
  finishReason?: string | undefined;
  /** The model_list alias that answered (set by the fallback client; sessions record it). */
  modelName?: string | undefined;
}

/** Events of one call. Exactly one `done` or `error` ends the stream. */
export type ProviderEvent =
  | { type: "text_delta"; text: string }
  | { type: "reasoning_delta"; text: string }
  | { type: "done"; result: ChatResult }
  | {
      type: "error";
      reason: FailureReason;
      message: string;
      status?: number | undefined;
      retryAfterMs?: number | undefined;
    };

/**
 * A model endpoint.
 * Contract: `chat` never throws; cancellation through `signal` aborts the HTTP request and ends the
 * stream with `{type:"error", reason:"canceled"}`. Retries and fallback are the caller's job.
 */
export interface Provider {
  readonly name: string;
  readonly model: string;
  chat(request: ChatRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}

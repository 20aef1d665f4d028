/**
 * Builds the body of `POST {api_base}/chat/completions` from a ChatRequest. Session-only fields
 * (model_name, created_at, reasoning) are dropped here, at the wire boundary.
 */
import { reusedPerArray } from "./json-body.ts";
import type { ChatMessage, ChatRequest, ToolDefinition } from "./provider.ts";

/** Per-model request settings from model_list. */
export interface OpenAIRequestOptions {
  providerName: string;
  apiBase: string;
  model: string;
  maxTokensField?: string | undefined;
  extraBody?: Readonly<Record<string, unknown>> | undefined;
}

// Providers whose endpoints reject a "<provider>/" prefix on the model id (PicoClaw's strip list).
const STRIP_PREFIX = new Set([
  "litellm",
  "venice",
  "moonshot",
  "nvidia",
  "groq",
  "ollama",
  "deepseek",
  "google",
  "openrouter",
  "siliconflow",
  "zhipu",
  "mistral",
  "vivgrid",
  "minimax",
  "novita",
  "lmstudio",
]);

/** The model id as the endpoint wants it (`ollama/llama3` → `llama3`; OpenRouter keeps prefixes). */
export function wireModelId(model: string, apiBase: string): string {
  const slash = model.indexOf("/");
  if (slash < 0 || apiBase.toLowerCase().includes("openrouter.ai")) return model;
  return STRIP_PREFIX.has(model.slice(0, slash).toLowerCase()) ? model.slice(slash + 1) : model;
}

/** `max_completion_tokens` for models that refuse `max_tokens` (glm, o1, gpt-5) unless configured. */
export function maxTokensFieldFor(model: string, configured?: string): string {
  if (configured && configured.trim() !== "") return configured.trim();
  const lower = model.toLowerCase();
  return lower.includes("glm") || lower.includes("o1") || lower.includes("gpt-5")
    ? "max_completion_tokens"
    : "max_tokens";
}

function wireMessage(message: ChatMessage): Record<string, unknown> | undefined {
  const hasCalls = (message.tool_calls?.length ?? 0) > 0;
  if (message.role === "assistant" && !hasCalls && message.content.trim() === "") return undefined;
  const out: Record<string, unknown> = { role: message.role, content: message.content };
  if (hasCalls) {
    out["tool_calls"] = message.tool_calls;
    // The OpenAI spec allows null content next to tool calls; some servers reject "".
    if (message.content === "") out["content"] = null;
  }
  if (message.role === "tool" && message.tool_call_id) out["tool_call_id"] = message.tool_call_id;
  return out;
}

// A registry hands out the same definitions array on every turn: its wire form and JSON are built once.
const wireTools = reusedPerArray((tool: ToolDefinition) => ({
  type: "function",
  function: { name: tool.name, description: tool.description, parameters: tool.parameters },
}));

/** The JSON body for one call. */
export function buildOpenAIBody(
  request: ChatRequest,
  options: OpenAIRequestOptions,
  stream: boolean,
): Record<string, unknown> {
  const model = wireModelId(options.model, options.apiBase);
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map(wireMessage).filter((m) => m !== undefined),
  };
  if (request.tools && request.tools.length > 0) {
    body["tools"] = wireTools(request.tools);
    body["tool_choice"] = "auto";
  }
  if (request.maxTokens !== undefined) {
    body[maxTokensFieldFor(model, options.maxTokensField)] = request.maxTokens;
  }
  if (request.temperature !== undefined) {
    const lower = model.toLowerCase();
    // Kimi K2 models only accept temperature 1.0.
    body["temperature"] = lower.includes("kimi") && lower.includes("k2") ? 1 : request.temperature;
  }
  if (stream) body["stream"] = true;
  // extra_body goes last so the user's settings win over ours.
  return { ...body, ...options.extraBody };
}

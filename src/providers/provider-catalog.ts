/**
 * The providers PicoClaw knows by name: canonical id, aliases, default `api_base`, and which wire API
 * speaks to it. Facts follow PicoClaw's provider metadata table; one row per provider, no logic.
 */

/** Which HTTP dialect a provider speaks; "none" marks providers we know by name but cannot call. */
export type WireApi = "openai" | "anthropic" | "none";

/** One known provider. */
export interface ProviderInfo {
  readonly id: string;
  readonly defaultApiBase: string;
  readonly aliases: readonly string[];
  /** Runs on the user's machine; an empty API key is fine. */
  readonly local: boolean;
  readonly wire: WireApi;
}

const row = (
  id: string,
  defaultApiBase: string,
  wire: WireApi,
  aliases: readonly string[] = [],
  local = false,
): ProviderInfo => ({ id, defaultApiBase, aliases, local, wire });

/**
 * Anthropic is reached through its native Messages API here (Go sends the API-key path to the
 * OpenAI-compatible endpoint); the native API reports tool use and errors more precisely.
 * Gemini's default base is its OpenAI-compatible endpoint, so it shares the OpenAI adapter.
 */
const ROWS: readonly ProviderInfo[] = [
  row("openai", "https://api.openai.com/v1", "openai", ["gpt"]),
  row("anthropic", "https://api.anthropic.com/v1", "anthropic", ["claude"]),
  row("anthropic-messages", "https://api.anthropic.com/v1", "anthropic"),
  row("gemini", "https://generativelanguage.googleapis.com/v1beta/openai", "openai", ["google"]),
  row("deepseek", "https://api.deepseek.com/v1", "openai"),
  row("openrouter", "https://openrouter.ai/api/v1", "openai"),
  row("qwen-portal", "https://dashscope.aliyuncs.com/compatible-mode/v1", "openai", ["qwen"]),
  row("qwen-intl", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "openai", [
    "qwen-international",
    "dashscope-intl",
  ]),
  row("qwen-us", "https://dashscope-us.aliyuncs.com/compatible-mode/v1", "openai", ["dashscope-us"]),
  row("moonshot", "https://api.moonshot.cn/v1", "openai"),
  row("volcengine", "https://ark.cn-beijing.volces.com/api/v3", "openai"),
  row("zhipu", "https://open.bigmodel.cn/api/paas/v4", "openai", ["glm"]),
  row("zai", "https://api.z.ai/api/coding/paas/v4", "openai", ["z.ai", "z-ai"]),
  row("groq", "https://api.groq.com/openai/v1", "openai"),
  row("mistral", "https://api.mistral.ai/v1", "openai"),
  row("nvidia", "https://integrate.api.nvidia.com/v1", "openai"),
  row("cerebras", "https://api.cerebras.ai/v1", "openai"),
  row("azure", "", "openai", ["azure-openai"]),
  row("bedrock", "", "none", [], true),
  row("github-copilot", "localhost:4321", "none", ["copilot"], true),
  row("antigravity", "", "none", ["google-antigravity"], true),
  row("claude-cli", "", "none", ["claudecli"], true),
  row("codex-cli", "", "none", ["codexcli"], true),
  row("ollama", "http://localhost:11434/v1", "openai", [], true),
  row("vllm", "http://localhost:8000/v1", "openai", [], true),
  row("lmstudio", "http://localhost:1234/v1", "openai", [], true),
  row("gpt4free", "http://localhost:1337/v1", "openai", ["g4f"], true),
  row("litellm", "http://localhost:4000/v1", "openai"),
  row("elevenlabs", "https://api.elevenlabs.io", "none"),
  row("venice", "https://api.venice.ai/api/v1", "openai"),
  row("shengsuanyun", "https://router.shengsuanyun.com/api/v1", "openai"),
  row("siliconflow", "https://api.siliconflow.cn/v1", "openai"),
  row("vivgrid", "https://api.vivgrid.com/v1", "openai"),
  row("minimax", "https://api.minimaxi.com/v1", "openai"),
  row("longcat", "https://api.longcat.chat/openai", "openai"),
  row("modelscope", "https://api-inference.modelscope.cn/v1", "openai"),
  row("mimo", "https://api.xiaomimimo.com/v1", "openai"),
  row("avian", "https://api.avian.io/v1", "openai"),
  row("novita", "https://api.novita.ai/openai", "openai"),
  row("alibaba-coding", "https://coding-intl.dashscope.aliyuncs.com/v1", "openai", [
    "coding-plan",
    "qwen-coding",
  ]),
  row("alibaba-coding-anthropic", "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic", "anthropic", [
    "coding-plan-anthropic",
  ]),
];

/** Canonical id by id or alias (lower-case keys). */
const BY_NAME: ReadonlyMap<string, ProviderInfo> = new Map(
  ROWS.flatMap((info) => [info.id, ...info.aliases].map((name) => [name, info] as const)),
);

/** The provider known under `name` (canonical id or alias, any case), if any. */
export function lookupProvider(name: string): ProviderInfo | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

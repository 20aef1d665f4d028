/**
 * Wire API → adapter factory. The fallback chain builds providers through this map, so adding a
 * wire dialect (Gemini native, say) adds a row here and touches nothing else.
 */
import { createAnthropicProvider } from "./anthropic.ts";
import type { HttpProviderConfig } from "./http-provider-config.ts";
import { createOpenAICompatibleProvider } from "./openai-compatible.ts";
import type { Provider } from "./provider.ts";
import type { WireApi } from "./provider-catalog.ts";
import type { Candidate } from "./resolve.ts";

/** Builds a provider for one model on one endpoint. */
export type ProviderFactory = (config: HttpProviderConfig) => Provider;

/** The adapters by wire API. */
export const PROVIDER_FACTORIES: ReadonlyMap<WireApi, ProviderFactory> = new Map<WireApi, ProviderFactory>([
  ["openai", createOpenAICompatibleProvider],
  ["anthropic", createAnthropicProvider],
]);

/** Shared I/O for every provider a client builds. */
export interface ProviderDeps {
  fetch?: typeof fetch | undefined;
  streamIdleMs?: number | undefined;
}

/** The provider for `candidate`, or undefined when its wire API has no adapter. */
export function createProviderFor(candidate: Candidate, deps: ProviderDeps = {}): Provider | undefined {
  const factory = PROVIDER_FACTORIES.get(candidate.wire);
  const { entry } = candidate;
  return factory?.({
    providerName: candidate.provider,
    model: candidate.model,
    apiBase: candidate.apiBase,
    apiKey: candidate.apiKey,
    maxTokensField: entry.max_tokens_field,
    extraBody: entry.extra_body,
    customHeaders: entry.custom_headers,
    userAgent: entry.user_agent,
    requestTimeoutMs: candidate.requestTimeoutMs,
    streamIdleMs: deps.streamIdleMs,
    fetch: deps.fetch,
  });
}

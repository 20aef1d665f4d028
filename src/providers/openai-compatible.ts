/**
 * OpenAI-compatible chat completions (`POST {api_base}/chat/completions`, Bearer key): covers
 * OpenAI, OpenRouter, Groq, DeepSeek, Ollama, vLLM, LM Studio and most other vendors. Plain calls
 * read one JSON body; streams (`stream: true`) are read as SSE with a read-idle timeout.
 */

import { httpCall } from "./http-call.ts";
import { thrownFailure } from "./http-failure.ts";
import { baseHeaders, type HttpProviderConfig, joinUrl, withCustomHeaders } from "./http-provider-config.ts";
import { parseJson } from "./json-value.ts";
import { buildOpenAIBody } from "./openai-request.ts";
import { createOpenAIStreamAccumulator, openAIErrorText, parseChatCompletion } from "./openai-response.ts";
import type { ChatRequest, Provider, ProviderEvent } from "./provider.ts";
import { bodyFailure, readJsonResult } from "./read-json-result.ts";
import { readSseEvents } from "./read-sse.ts";

/** Creates a provider for one model on an OpenAI-compatible endpoint. */
export function createOpenAICompatibleProvider(config: HttpProviderConfig): Provider {
  return {
    name: config.providerName,
    model: config.model,
    chat: (request, signal) => chat(config, request, signal),
  };
}

async function* chat(config: HttpProviderConfig, request: ChatRequest, signal: AbortSignal) {
  const streaming = request.stream === true;
  const headers = withCustomHeaders(baseHeaders(config, streaming), config);
  if (config.apiKey) headers["authorization"] = `Bearer ${config.apiKey}`;
  const exchange = await httpCall({
    url: joinUrl(config.apiBase, "chat/completions"),
    headers,
    body: buildOpenAIBody(request, config, streaming),
    signal,
    timeoutMs: config.requestTimeoutMs,
    streaming,
    fetch: config.fetch,
  });
  if (!exchange.ok) {
    yield exchange.failure;
    return;
  }
  const { response, cause } = exchange;
  if (!streaming || !response.body) {
    yield* readJsonResult(exchange, {
      parse: (json) => parseChatCompletion(json, config.model),
      errorText: openAIErrorText,
    });
    return;
  }
  const accumulator = createOpenAIStreamAccumulator(config.model);
  try {
    for await (const event of readSseEvents(response.body, config.streamIdleMs)) {
      const data = event.data.trim();
      if (data === "[DONE]") break;
      if (data === "") continue;
      const json = parseJson(data);
      const error = openAIErrorText(json);
      if (error !== undefined) {
        yield bodyFailure(error);
        return;
      }
      const delta = accumulator.push(json);
      if (delta.reasoning) yield { type: "reasoning_delta", text: delta.reasoning } satisfies ProviderEvent;
      if (delta.text) yield { type: "text_delta", text: delta.text } satisfies ProviderEvent;
    }
  } catch (error) {
    yield thrownFailure(error, cause, "stream");
    return;
  }
  yield { type: "done", result: accumulator.result() } satisfies ProviderEvent;
}

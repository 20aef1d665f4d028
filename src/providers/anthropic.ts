/**
 * Anthropic Messages API (`POST {api_base}/messages`, `x-api-key`, `anthropic-version: 2023-06-01`),
 * plain and streamed. Used for providers `anthropic`, `anthropic-messages` and the Alibaba coding
 * plan's Anthropic endpoint; converts to and from the OpenAI message shape at this boundary.
 */
import { buildAnthropicBody } from "./anthropic-request.ts";
import {
  anthropicErrorText,
  createAnthropicStreamAccumulator,
  parseAnthropicMessage,
} from "./anthropic-response.ts";
import { httpCall } from "./http-call.ts";
import { thrownFailure } from "./http-failure.ts";
import { baseHeaders, type HttpProviderConfig, joinUrl, withCustomHeaders } from "./http-provider-config.ts";
import { parseJson } from "./json-value.ts";
import type { ChatRequest, Provider, ProviderEvent } from "./provider.ts";
import { bodyFailure, readJsonResult } from "./read-json-result.ts";
import { readSseEvents } from "./read-sse.ts";

/** The API version header value this adapter speaks. */
export const ANTHROPIC_VERSION = "2023-06-01";

/** Creates a provider for one model on the Anthropic Messages API. */
export function createAnthropicProvider(config: HttpProviderConfig): Provider {
  return {
    name: config.providerName,
    model: config.model,
    chat: (request, signal) => chat(config, request, signal),
  };
}

/** The Messages API lives under /v1; users write the base with or without it (as PicoClaw accepts). */
export function anthropicBase(apiBase: string): string {
  return `${apiBase.trim().replace(/\/+$/, "").replace(/\/v1$/, "")}/v1`;
}

async function* chat(config: HttpProviderConfig, request: ChatRequest, signal: AbortSignal) {
  const streaming = request.stream === true;
  const headers = baseHeaders(config, streaming);
  headers["anthropic-version"] = ANTHROPIC_VERSION;
  if (config.apiKey) headers["x-api-key"] = config.apiKey;
  const exchange = await httpCall({
    url: joinUrl(anthropicBase(config.apiBase), "messages"),
    headers: withCustomHeaders(headers, config),
    body: buildAnthropicBody(request, config.model, streaming, config.extraBody),
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
      parse: (json) => parseAnthropicMessage(json, config.model),
      errorText: anthropicErrorText,
    });
    return;
  }
  const accumulator = createAnthropicStreamAccumulator(config.model);
  try {
    for await (const event of readSseEvents(response.body, config.streamIdleMs)) {
      const delta = accumulator.push(event.event, parseJson(event.data));
      if (delta.error !== undefined) {
        yield bodyFailure(delta.error);
        return;
      }
      if (delta.reasoning) yield { type: "reasoning_delta", text: delta.reasoning } satisfies ProviderEvent;
      if (delta.text) yield { type: "text_delta", text: delta.text } satisfies ProviderEvent;
      if (delta.stop) break;
    }
  } catch (error) {
    yield thrownFailure(error, cause, "stream");
    return;
  }
  yield { type: "done", result: accumulator.result() } satisfies ProviderEvent;
}

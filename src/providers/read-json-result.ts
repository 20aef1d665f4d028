/**
 * The non-streaming half every HTTP provider shares: read the whole body of an open exchange, parse it
 * with the wire format's parser, and turn anything unexpected into a classified error event.
 */
import { classifyError } from "./classify.ts";
import type { HttpExchange } from "./http-call.ts";
import { thrownFailure } from "./http-failure.ts";
import { parseJson } from "./json-value.ts";
import type { ChatResult, ProviderEvent } from "./provider.ts";

/** An error event classified from the text the server sent. */
export function bodyFailure(text: string): ProviderEvent {
  return { type: "error", reason: classifyError(text) ?? "unknown", message: text };
}

/** How one wire format reads a complete JSON answer. */
export interface JsonAnswerFormat {
  parse(json: unknown): ChatResult | undefined;
  errorText(json: unknown): string | undefined;
}

/** Reads the body of `exchange` and yields exactly one `done` or `error` event. */
export async function* readJsonResult(
  exchange: HttpExchange,
  format: JsonAnswerFormat,
): AsyncGenerator<ProviderEvent> {
  let text: string;
  try {
    text = await exchange.response.text();
  } catch (error) {
    yield thrownFailure(error, exchange.cause, "response read");
    return;
  } finally {
    exchange.finish();
  }
  const json = parseJson(text);
  const result = format.parse(json);
  if (result) yield { type: "done", result } satisfies ProviderEvent;
  else yield bodyFailure(format.errorText(json) ?? `unexpected response: ${text.slice(0, 200)}`);
}

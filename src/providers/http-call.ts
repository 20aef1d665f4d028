/**
 * One POST to an LLM endpoint with a deadline merged into the caller's signal. The deadline covers
 * the whole exchange for plain calls; for streams it ends when the headers arrive, after which the
 * read-idle timeout takes over (a long answer is not a slow server).
 */
import { type AbortCause, httpFailure, type ProviderFailure, thrownFailure } from "./http-failure.ts";
import { stringifyBody } from "./json-body.ts";

/** Default per-request deadline (PicoClaw's 120 s; `request_timeout` overrides it). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** Error bodies are read only this far: enough to classify, bounded on a small board. */
const ERROR_BODY_LIMIT = 16 * 1024;

async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (text.length < limit) {
    const { value, done } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel().catch(() => {});
  return text.slice(0, limit);
}

/** What to send. */
export interface HttpCallRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal;
  timeoutMs?: number | undefined;
  /** Streams drop the deadline once headers arrive. */
  streaming: boolean;
  fetch?: typeof fetch | undefined;
}

/** An open exchange: read `response.body`, then call `finish()`. */
export interface HttpExchange {
  ok: true;
  response: Response;
  cause: AbortCause;
  finish(): void;
}

/** Sends the request; a failure comes back as a value, never thrown. */
export async function httpCall(
  request: HttpCallRequest,
): Promise<HttpExchange | { ok: false; failure: ProviderFailure }> {
  const deadline = new AbortController();
  const timeoutMs =
    request.timeoutMs && request.timeoutMs > 0 ? request.timeoutMs : DEFAULT_REQUEST_TIMEOUT_MS;
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const finish = () => clearTimeout(timer);
  const cause: AbortCause = { canceled: request.signal, timedOut: deadline.signal };
  const doFetch = request.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: stringifyBody(request.body),
      signal: AbortSignal.any([request.signal, deadline.signal]),
    });
  } catch (error) {
    finish();
    return { ok: false, failure: thrownFailure(error, cause) };
  }
  if (!response.ok) {
    let text = "";
    try {
      text = await readCapped(response, ERROR_BODY_LIMIT);
    } catch (error) {
      finish();
      return { ok: false, failure: thrownFailure(error, cause, "error body read") };
    }
    finish();
    return { ok: false, failure: httpFailure(response.status, text, response.headers) };
  }
  if (request.streaming) finish();
  return { ok: true, response, cause, finish };
}

/**
 * Turns a non-2xx LLM response or a thrown fetch error into the `error` event of the provider
 * contract. A context-length complaint wins over its 400 status, so the agent compresses instead
 * of treating it as a malformed request.
 */
import { classifyError, isContextOverflowText } from "./classify.ts";
import type { FailureReason, ProviderEvent } from "./provider.ts";

/** The `error` member of ProviderEvent. */
export type ProviderFailure = Extract<ProviderEvent, { type: "error" }>;

const PREVIEW_CHARS = 512;

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date), if present and sane. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The failure event for an HTTP error response with the given (already read) body. */
export function httpFailure(status: number, body: string, headers: Headers): ProviderFailure {
  const preview = body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS)}…` : body;
  const message = `API request failed: status: ${status} body: ${preview}`;
  const reason: FailureReason = isContextOverflowText(body)
    ? "context_overflow"
    : (classifyError(message) ?? "unknown");
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));
  return { type: "error", reason, message, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Why a request was stopped: the caller's signal, our own deadline, or neither. */
export interface AbortCause {
  readonly canceled: AbortSignal;
  readonly timedOut?: AbortSignal | undefined;
}

/** The failure event for an error thrown while sending or reading (fetch, body stream, JSON). */
export function thrownFailure(error: unknown, cause: AbortCause, what = "request"): ProviderFailure {
  const text = error instanceof Error ? error.message : String(error);
  if (cause.canceled.aborted) return { type: "error", reason: "canceled", message: `${what} canceled` };
  if (cause.timedOut?.aborted) return { type: "error", reason: "timeout", message: `${what} timed out` };
  // Anything fetch throws that is not an abort is a transport failure, whatever its wording.
  const reason = classifyError(error) ?? "network";
  return { type: "error", reason, message: `${what} failed: ${text}` };
}

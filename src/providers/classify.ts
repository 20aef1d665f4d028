/**
 * Failure classification for the fallback chain, matching PicoClaw's ClassifyError: transport error
 * types first, then an HTTP status found in the text, then message patterns in a fixed priority order.
 * An unclassifiable error yields null, and the chain does not fall back on it.
 */
import type { FailureReason } from "./provider.ts";

type Pattern = string | RegExp;

// Patterns are matched against the lower-cased message; order inside a list does not matter,
// order between lists does (see classifyMessage).
const RATE_LIMIT: Pattern[] = [
  /rate[_ ]limit/,
  "too many requests",
  "429",
  "exceeded your current quota",
  /exceeded.*quota/,
  /resource has been exhausted/,
  /resource.*exhausted/,
  "resource_exhausted",
  "quota exceeded",
  "usage limit",
];
const OVERLOADED: Pattern[] = [/overloaded_error/, /"type"\s*:\s*"overloaded_error"/, "overloaded"];
const TIMEOUT: Pattern[] = ["timeout", "timed out", "deadline exceeded", "context deadline exceeded"];
const NETWORK: Pattern[] = [
  "connection reset",
  "reset by peer",
  "connection refused",
  "connection aborted",
  "broken pipe",
  "use of closed network connection",
  "network is unreachable",
  "host is unreachable",
  "no such host",
  "temporary failure in name resolution",
  "server misbehaving",
  "read tcp",
  "write tcp",
  "dial tcp",
  "tls:",
  "x509:",
  "certificate",
  "handshake",
  "unexpected eof",
  "read: eof",
  "write: eof",
];
const BILLING: Pattern[] = [
  /\b402\b/,
  "payment required",
  "insufficient credits",
  "credit balance",
  "plans & billing",
  "insufficient balance",
];
const AUTH: Pattern[] = [
  /invalid[_ ]?api[_ ]?key/,
  "incorrect api key",
  "invalid token",
  "authentication",
  "re-authenticate",
  "oauth token refresh failed",
  "unauthorized",
  "forbidden",
  "access denied",
  "expired",
  "token has expired",
  /\b401\b/,
  /\b403\b/,
  "no credentials found",
  "no api key found",
];
const FORMAT: Pattern[] = [
  "string should match pattern",
  "tool_use.id",
  "tool_use_id",
  "messages.1.content.1.tool_use.id",
  "invalid request format",
  "error code: 1210",
  "error code 1210",
  "zhipu api error code: 1210",
];
const CONTEXT_OVERFLOW: Pattern[] = [
  /context[_ ]?length[_ ]?exceeded/,
  /context[_ ]?window[_ ]?exceeded/,
  "maximum context length",
  "token limit",
  "too many tokens",
  "prompt is too long",
  "request too large",
];
const IMAGE: Pattern[] = [/image dimensions exceed max/, /image exceeds.*mb/];

/** Node/Bun error codes of transport failures (Go's syscall checks). */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ConnectionRefused",
  "ConnectionClosed",
]);

const STATUS_PATTERNS = [/status[:\s]+(\d{3})/, /http[/\s]+\d*\.?\d*\s+(\d{3})/, /\b([3-5]\d{2})\b/];

// Server-side failures that PicoClaw treats as timeouts (retriable).
const TRANSIENT_STATUS = new Set([500, 502, 503, 521, 522, 523, 524, 529]);

function matchesAny(text: string, patterns: readonly Pattern[]): boolean {
  return patterns.some((p) => (typeof p === "string" ? text.includes(p) : p.test(text)));
}

/** The first HTTP status code mentioned in an error text, or 0. */
export function extractHttpStatus(message: string): number {
  for (const pattern of STATUS_PATTERNS) {
    const digits = pattern.exec(message)?.[1];
    if (digits) return Number(digits);
  }
  return 0;
}

/** Reason for an HTTP status alone, or null when the status says nothing useful. */
export function classifyStatus(status: number): FailureReason | null {
  if (status === 401 || status === 403) return "auth";
  if (status === 402) return "billing";
  if (status === 408) return "timeout";
  if (status === 429) return "rate_limit";
  if (status === 400) return "format";
  return TRANSIENT_STATUS.has(status) ? "timeout" : null;
}

/** Reason from message patterns alone; overload counts as rate_limit, as in PicoClaw. */
export function classifyMessage(lower: string): FailureReason | null {
  if (matchesAny(lower, RATE_LIMIT) || matchesAny(lower, OVERLOADED)) return "rate_limit";
  if (matchesAny(lower, BILLING)) return "billing";
  if (matchesAny(lower, TIMEOUT)) return "timeout";
  if (matchesAny(lower, NETWORK)) return "network";
  if (matchesAny(lower, AUTH)) return "auth";
  if (matchesAny(lower, FORMAT)) return "format";
  if (matchesAny(lower, CONTEXT_OVERFLOW)) return "context_overflow";
  return null;
}

/** True when the text reports an exhausted context window (the agent compresses and retries). */
export function isContextOverflowText(text: string): boolean {
  return matchesAny(text.toLowerCase(), CONTEXT_OVERFLOW);
}

function classifyErrorType(error: Error): FailureReason | null {
  if (error.name === "TimeoutError") return "timeout";
  const code = "code" in error ? error.code : undefined;
  if (code === "ETIMEDOUT") return "timeout";
  return typeof code === "string" && NETWORK_CODES.has(code) ? "network" : null;
}

/**
 * Classifies an error (an Error or its message). Returns null for null, for a user abort
 * (AbortError: never fall back), and for anything no rule recognises.
 */
export function classifyError(error: unknown): FailureReason | null {
  if (error === null || error === undefined) return null;
  if (error instanceof Error) {
    if (error.name === "AbortError") return null;
    const byType = classifyErrorType(error);
    if (byType) return byType;
  }
  const lower = (error instanceof Error ? error.message : String(error)).toLowerCase();
  // Image limits are the caller's input problem: retrying elsewhere would fail the same way.
  if (matchesAny(lower, IMAGE)) return "format";
  const status = extractHttpStatus(lower);
  const byStatus = status > 0 ? classifyStatus(status) : null;
  return byStatus ?? classifyMessage(lower);
}

/** Whether the chain should move on to the next candidate after this reason. */
export function isRetriable(reason: FailureReason): boolean {
  return reason !== "format" && reason !== "context_overflow" && reason !== "canceled";
}

/** Reasons worth retrying the whole call after a backoff (PicoClaw's transient LLM errors). */
export function isTransient(reason: FailureReason): boolean {
  return reason === "timeout" || reason === "network" || reason === "rate_limit" || reason === "overloaded";
}

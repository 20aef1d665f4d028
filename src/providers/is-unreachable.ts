/**
 * Which failures mean "no model can be reached right now" (the offline queue keeps the message) as
 * opposed to "the model answered no" (auth, billing, a bad request, a rate limit: the user is told).
 */
import type { FailureReason } from "./provider.ts";

// Server-side outages: 5xx answers from the endpoint or a proxy in front of it (Cloudflare's 52x,
// Anthropic's 529 overloaded). 501 and 505 say the request itself is wrong, so they are not here.
const OUTAGE_STATUS = new Set([500, 502, 503, 504, 520, 521, 522, 523, 524, 529]);

/** True for transport failures (refused, DNS, reset, TLS), timeouts and 5xx outages. */
export function isUnreachable(reason: FailureReason, status?: number | undefined): boolean {
  if (reason === "network" || reason === "timeout" || reason === "overloaded") return true;
  return status !== undefined && OUTAGE_STATUS.has(status) && reason !== "auth" && reason !== "format";
}

/** Agent and account ids, sanitised to `[a-z0-9][a-z0-9_-]{0,63}` (PicoClaw pkg/routing agent_id.go). */

/** The agent every message goes to when nothing else is configured. */
export const DEFAULT_AGENT_ID = "main";
/** The account name used when a channel does not report one. */
export const DEFAULT_ACCOUNT_ID = "default";

const VALID_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const MAX_ID_LENGTH = 64;

function sanitizeId(id: string, fallback: string): string {
  const lower = id.trim().toLowerCase();
  if (lower === "") return fallback;
  if (VALID_ID.test(lower)) return lower;
  const cleaned = lower
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+/, "")
    .replace(/-+$/, "")
    .slice(0, MAX_ID_LENGTH);
  return cleaned === "" ? fallback : cleaned;
}

/** Lowercases an agent id and collapses invalid runs to `-`; empty or all-invalid gives "main". */
export function normalizeAgentId(id: string | undefined): string {
  return sanitizeId(id ?? "", DEFAULT_AGENT_ID);
}

/** Same rules as normalizeAgentId; empty or all-invalid gives "default". */
export function normalizeAccountId(id: string | undefined): string {
  return sanitizeId(id ?? "", DEFAULT_ACCOUNT_ID);
}

/**
 * Names of MCP tools as the model sees them: `mcp_<server>_<tool>`, limited to [a-z0-9_-] and 64 chars.
 * When cleaning loses information or the name is cut, an FNV-1a hash of the original names keeps it unique.
 */

/** OpenAI-compatible APIs reject function names longer than this. */
const MAX_NAME_LENGTH = 64;
const HASH_SUFFIX_LENGTH = 9; // "_" + 8 hex digits

/** Lowercases, maps every other character to "_", collapses and trims "_", caps at 64 chars. */
export function sanitizeNameComponent(text: string): string {
  let out = "";
  let lastWasUnderscore = false;
  for (const char of text.toLowerCase()) {
    const isAllowed = (char >= "a" && char <= "z") || (char >= "0" && char <= "9") || char === "-";
    if (isAllowed) {
      out += char;
      lastWasUnderscore = false;
    } else if (!lastWasUnderscore) {
      // "_" itself and every disallowed character end up as one "_".
      out += "_";
      lastWasUnderscore = true;
    }
  }
  const trimmed = out.replace(/^_+|_+$/g, "");
  return (trimmed || "unnamed").slice(0, MAX_NAME_LENGTH);
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text`, as 8 lowercase hex digits. */
export function fnv1a32Hex(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The tool name offered to the model for `tool` of MCP server `server`. */
export function mcpToolName(server: string, tool: string): string {
  const cleanServer = sanitizeNameComponent(server);
  const cleanTool = sanitizeNameComponent(tool);
  const full = `mcp_${cleanServer}_${cleanTool}`;
  const isLossless = server.toLowerCase() === cleanServer && tool.toLowerCase() === cleanTool;
  if (isLossless && full.length <= MAX_NAME_LENGTH) return full;
  // Hash the originals, not the cleaned names, so "a.b" and "a/b" stay distinct.
  const suffix = fnv1a32Hex(`${server}\u0000${tool}`);
  const base =
    full.length > MAX_NAME_LENGTH - HASH_SUFFIX_LENGTH
      ? full.slice(0, MAX_NAME_LENGTH - HASH_SUFFIX_LENGTH).replace(/_+$/, "")
      : full;
  return `${base}_${suffix}`;
}

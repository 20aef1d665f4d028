/**
 * Checks across the fields of one `tools.mcp.servers` entry: an enabled server must say how it is
 * reached (a url for the HTTP transports, a command for stdio). Reads the raw config defensively,
 * like the channel rules, so `config check` lists these with every other problem.
 */
import type { ConfigIssue } from "./issues.ts";

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const filled = (value: unknown) => typeof value === "string" && value.trim() !== "";

const REMOTE_TYPES: readonly unknown[] = ["sse", "http", "streamable-http"];

/** Issues about enabled MCP servers that cannot be reached as configured. */
export function checkMcpRules(raw: Obj): ConfigIssue[] {
  const tools = raw["tools"];
  const servers = isObj(tools) && isObj(tools["mcp"]) ? tools["mcp"]["servers"] : undefined;
  if (!isObj(servers)) return [];
  const issues: ConfigIssue[] = [];
  for (const [name, server] of Object.entries(servers)) {
    if (!isObj(server) || server["enabled"] !== true) continue;
    const type = server["type"] ?? "";
    const at = `tools.mcp.servers.${name}`;
    if (REMOTE_TYPES.includes(type) && !filled(server["url"])) {
      issues.push({ path: `${at}.url`, message: `expected the server's URL (required for type "${type}")` });
    } else if (type === "stdio" && !filled(server["command"])) {
      issues.push({
        path: `${at}.command`,
        message: 'expected the command to start (required for type "stdio")',
      });
    } else if (type === "" && !filled(server["url"]) && !filled(server["command"])) {
      issues.push({ path: at, message: 'expected "url" (a remote server) or "command" (a local one)' });
    }
  }
  return issues;
}

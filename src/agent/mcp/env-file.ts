/** `.env` files for MCP servers (`env_file`): KEY=value lines, `#` comments, optional quotes, `export ` prefix. */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/** Parses .env text. Later keys win. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2)
      value = value.slice(1, -1);
    env[key] = value;
  }
  return env;
}

/** Reads `path` (`~` expanded; relative paths from the workspace, as PicoClaw resolves them). */
export async function loadEnvFile(path: string, workspace: string): Promise<Record<string, string>> {
  const expanded = path.startsWith("~/") ? join(homedir(), path.slice(2)) : path;
  const resolved = isAbsolute(expanded) ? expanded : join(workspace, expanded);
  return parseEnvFile(await readFile(resolved, "utf8"));
}

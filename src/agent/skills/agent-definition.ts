/**
 * The lists an agent's `AGENT.md` front matter declares (`tools`, `skills`) and its `model`, as PicoClaw
 * reads them: a declared `tools` list is the agent's tool allow-list (empty: no tools), an undeclared one
 * means every tool. Lists are JSON arrays, YAML flow lists (`[a, b]`) or YAML block lists (`- a`).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseFrontmatter, splitFrontmatter } from "./frontmatter.ts";

/** What AGENT.md declares; undefined fields were not declared. */
export interface AgentDefinition {
  tools?: string[] | undefined;
  skills?: string[] | undefined;
  model?: string | undefined;
}

/** Reads `<workspace>/AGENT.md`; a missing file declares nothing. */
export async function readAgentDefinition(workspace: string): Promise<AgentDefinition> {
  let text: string;
  try {
    text = await readFile(join(workspace, "AGENT.md"), "utf8");
  } catch {
    return {};
  }
  return parseAgentDefinition(text);
}

/** Parses the front matter of an AGENT.md text. */
export function parseAgentDefinition(text: string): AgentDefinition {
  const { frontmatter } = splitFrontmatter(text);
  if (frontmatter === "") return {};
  const model = parseFrontmatter(frontmatter)["model"]?.trim();
  return {
    tools: listField(frontmatter, "tools"),
    skills: listField(frontmatter, "skills"),
    ...(model ? { model } : {}),
  };
}

function listField(frontmatter: string, key: string): string[] | undefined {
  try {
    const json: unknown = JSON.parse(frontmatter);
    if (typeof json === "object" && json !== null && !Array.isArray(json)) {
      const value = (json as Record<string, unknown>)[key];
      if (value === undefined) return undefined;
      return Array.isArray(value) ? clean(value.filter((v): v is string => typeof v === "string")) : [];
    }
  } catch {
    // not JSON: read it as YAML below
  }
  const lines = frontmatter.split("\n");
  const at = lines.findIndex((line) => new RegExp(`^${key}\\s*:`).test(line));
  if (at < 0) return undefined;
  const inline = (lines[at] ?? "").replace(new RegExp(`^${key}\\s*:`), "").trim();
  if (inline.startsWith("[")) {
    const inner = inline.replace(/^\[/, "").replace(/\].*$/, "");
    return clean(inner.split(","));
  }
  if (inline !== "" && !inline.startsWith("#")) return clean([inline]);
  const items: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const item = /^\s*-\s*(.*)$/.exec(line);
    if (item) items.push(item[1] ?? "");
    else if (line.trim() !== "" && !/^\s/.test(line)) break;
  }
  return clean(items);
}

function clean(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of values) {
    const value = raw
      .replace(/\s#.*$/, "")
      .trim()
      .replace(/^["']|["']$/g, "")
      .trim()
      .toLowerCase();
    if (value !== "" && !out.includes(value)) out.push(value);
  }
  return out;
}

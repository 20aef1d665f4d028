/**
 * Assembles the system prompt from the workspace, in PicoClaw's order: identity, bootstrap files
 * (AGENT.md, or the legacy AGENTS.md/IDENTITY.md when it is absent; SOUL.md; USER.md), memory, the
 * skills catalogue, the per-request block (time, channel, chat, sender), then the session summary.
 */
import { join } from "node:path";
import { createFileCache, type FileCache, readAll } from "./file-cache.ts";
import { buildMemoryContext } from "./memory-context.ts";
import { formatSkillsBlock, type SkillSummary } from "./skills-block.ts";
import { stripFrontmatter } from "./strip-frontmatter.ts";

/** Inputs of one prompt. */
export interface PromptInput {
  workspace: string;
  now: number;
  channel: string;
  chatId: string;
  senderId?: string | undefined;
  senderName?: string | undefined;
  summary?: string | undefined;
  listSkills?: (() => Promise<readonly SkillSummary[]>) | undefined;
  /** Share one cache across turns so unchanged files are not re-read. */
  files?: FileCache | undefined;
}

const defaultCache = createFileCache();

// English day names without Intl (toLocaleDateString loads ICU, ~5 MB RSS in an isolated probe).
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

function identityBlock(workspace: string): string {
  return [
    "# PicoClaw",
    "",
    "You are PicoClaw, a compact personal assistant that runs on a small computer and talks to people through chat apps and devices.",
    "",
    "## Workspace",
    `Your workspace is ${workspace}.`,
    `- Long-term memory: ${join(workspace, "memory", "MEMORY.md")}`,
    `- Daily notes: ${join(workspace, "memory")}/YYYYMM/YYYYMMDD.md`,
    `- Skills: ${join(workspace, "skills")}/<name>/SKILL.md`,
    "",
    "## Rules",
    "1. When a task needs an action (reading a file, running a command, searching, sending), call the tool; never describe a call you did not make.",
    "2. When you learn something worth keeping across conversations, write it to MEMORY.md with the file tools.",
    "3. Summaries of earlier conversation are approximate; explicit instructions from the user take precedence over them.",
    "4. Answer in the user's language, briefly, unless asked for detail.",
  ].join("\n");
}

const BOOTSTRAP_FILES = ["AGENT.md", "AGENTS.md", "IDENTITY.md", "SOUL.md", "USER.md"] as const;

/** The bootstrap file paths of a workspace, joined once (a gateway has one or a few workspaces). */
const bootstrapPaths = new Map<string, string[]>();

function bootstrapPathsOf(workspace: string): string[] {
  let paths = bootstrapPaths.get(workspace);
  if (!paths) {
    paths = BOOTSTRAP_FILES.map((name) => join(workspace, name));
    if (bootstrapPaths.size >= 16) bootstrapPaths.clear();
    bootstrapPaths.set(workspace, paths);
  }
  return paths;
}

/** The bootstrap files' texts, all read at once (each uncached read is a thread-pool round trip). */
function readBootstrap(
  workspace: string,
  files: FileCache,
): (string | undefined)[] | Promise<(string | undefined)[]> {
  return readAll(files, bootstrapPathsOf(workspace));
}

/** PicoClaw's order: AGENT.md, or else the legacy AGENTS.md and IDENTITY.md; then SOUL.md and USER.md. */
function bootstrapBlocks(texts: readonly (string | undefined)[]): string[] {
  const byName = new Map(BOOTSTRAP_FILES.map((name, index) => [name, texts[index]]));
  const order = byName.get("AGENT.md") !== undefined ? ["AGENT.md"] : ["AGENTS.md", "IDENTITY.md"];
  const blocks: string[] = [];
  for (const name of [...order, "SOUL.md", "USER.md"]) {
    const text = byName.get(name as (typeof BOOTSTRAP_FILES)[number]);
    const body = text === undefined ? "" : stripFrontmatter(text);
    if (body) blocks.push(`## ${name}\n\n${body}`);
  }
  return blocks;
}

function formatTime(now: number): string {
  const date = new Date(now);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const weekday = WEEKDAYS[date.getDay()];
  return `${local} (${weekday}, UTC${sign}${pad(offset / 60)}:${pad(offset % 60)})`;
}

function dynamicBlock(input: PromptInput): string {
  const lines = [
    `## Current Time\n${formatTime(input.now)}`,
    `## Current Session\nChannel: ${input.channel}\nChat ID: ${input.chatId}`,
  ];
  const id = input.senderId?.trim() ?? "";
  const name = input.senderName?.trim() ?? "";
  if (id || name) {
    const sender = id && name ? `${name} (ID: ${id})` : name || id;
    lines.push(`## Current Sender\nCurrent sender: ${sender}`);
  }
  return lines.join("\n\n");
}

/** The part of the prompt that only changes with the workspace files and skills, and what it was built from. */
interface StaticPrompt {
  inputs: readonly unknown[];
  sections: readonly string[];
}

const NO_SKILLS: readonly SkillSummary[] = [];

// One per file cache (one per agent): most turns rebuild nothing but the time and session block.
const staticPrompts = new WeakMap<FileCache, StaticPrompt>();

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function staticSections(
  workspace: string,
  texts: readonly (string | undefined)[],
  memory: string,
  skillList: readonly SkillSummary[],
): string[] {
  const sections = [identityBlock(workspace), ...bootstrapBlocks(texts)];
  if (memory) sections.push(`# Memory\n\n${memory}`);
  const skills = formatSkillsBlock(skillList);
  if (skills) {
    sections.push(
      `# Skills\n\nThese skills extend what you can do. To use one, read its SKILL.md at the location given.\n\n${skills}`,
    );
  }
  return sections;
}

/** Builds the system prompt text; missing workspace files are simply left out. */
export async function buildSystemPrompt(input: PromptInput): Promise<string> {
  const files = input.files ?? defaultCache;
  const [texts, memory, skillList] = await Promise.all([
    readBootstrap(input.workspace, files),
    buildMemoryContext(input.workspace, input.now, files),
    input.listSkills?.() ?? NO_SKILLS,
  ]);
  const inputs = [input.workspace, ...texts, memory, skillList];
  let cached = staticPrompts.get(files);
  if (!cached || !sameInputs(cached.inputs, inputs)) {
    cached = { inputs, sections: staticSections(input.workspace, texts, memory, skillList) };
    staticPrompts.set(files, cached);
  }
  const sections = [...cached.sections];
  sections.push(dynamicBlock(input));
  const summary = input.summary?.trim();
  if (summary) {
    sections.push(
      `## Summary of Earlier Conversation\n\nThis is an approximate summary of the conversation so far:\n${summary}`,
    );
  }
  return sections.join("\n\n---\n\n");
}

/**
 * Skill discovery: `skills/<name>/SKILL.md` in the workspace, then the global folder ($PICOCLAW_HOME/skills),
 * then an optional builtin folder; the first skill with a given name wins. Only name, description and
 * location reach the prompt; the body is read on demand.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { compareStrings } from "../../lib/compare.ts";
import { createLogger } from "../../lib/logger.ts";
import { parseFrontmatter, splitFrontmatter } from "./frontmatter.ts";

const log = createLogger("skills");

/** PicoClaw's limits (pkg/skills/loader.go). */
export const MAX_SKILL_NAME_LENGTH = 64;
export const MAX_SKILL_DESCRIPTION_LENGTH = 1024;
const NAME_PATTERN = /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/;

/** One discovered skill. `location` is the path of its SKILL.md. */
export interface SkillInfo {
  name: string;
  description: string;
  location: string;
  source: "workspace" | "global" | "builtin";
}

/** Where to look. */
export interface SkillDirs {
  workspace: string;
  globalDir?: string | undefined;
  builtinDir?: string | undefined;
}

/** True for names PicoClaw accepts (letters, digits, single hyphens; at most 64 chars). */
export function isValidSkillName(name: string): boolean {
  return name.length <= MAX_SKILL_NAME_LENGTH && NAME_PATTERN.test(name);
}

function roots(dirs: SkillDirs): Array<[string, SkillInfo["source"]]> {
  const list: Array<[string, SkillInfo["source"]]> = [[join(dirs.workspace, "skills"), "workspace"]];
  if (dirs.globalDir) list.push([dirs.globalDir, "global"]);
  if (dirs.builtinDir) list.push([dirs.builtinDir, "builtin"]);
  return list;
}

/** Every valid skill, workspace first; invalid ones are skipped with a warning. */
export async function listSkills(dirs: SkillDirs): Promise<SkillInfo[]> {
  const found: SkillInfo[] = [];
  const seen = new Set<string>();
  for (const [root, source] of roots(dirs)) {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => compareStrings(a.name, b.name))) {
      if (!entry.isDirectory()) continue;
      const location = join(root, entry.name, "SKILL.md");
      const content = await readFile(location, "utf8").catch(() => undefined);
      if (content === undefined) continue;
      const info = describeSkill(content, location, source);
      if (typeof info === "string") {
        log.warn("invalid skill", { location, reason: info });
        continue;
      }
      if (seen.has(info.name)) continue;
      seen.add(info.name);
      found.push(info);
    }
  }
  return found;
}

/** Reads name and description (front matter, else the first heading and paragraph, else the folder name). */
export function describeSkill(
  content: string,
  location: string,
  source: SkillInfo["source"],
): SkillInfo | string {
  const { frontmatter, body } = splitFrontmatter(content);
  const meta = frontmatter ? parseFrontmatter(frontmatter) : {};
  const title = /^#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1];
  const name = meta["name"] || (title && isValidSkillName(title) ? title : basename(dirname(location)));
  const description = meta["description"] || firstParagraph(body);
  if (!isValidSkillName(name)) return `invalid name "${name}"`;
  if (!description) return "description is required";
  if (description.length > MAX_SKILL_DESCRIPTION_LENGTH) {
    return `description exceeds ${MAX_SKILL_DESCRIPTION_LENGTH} characters`;
  }
  return { name, description, location, source };
}

/** The body of skill `name` without front matter, from the first folder that has it. */
export async function loadSkill(name: string, dirs: SkillDirs): Promise<string | undefined> {
  if (!isValidSkillName(name)) return undefined;
  for (const [root] of roots(dirs)) {
    const content = await readFile(join(root, name, "SKILL.md"), "utf8").catch(() => undefined);
    if (content !== undefined) return splitFrontmatter(content).body;
  }
  return undefined;
}

function firstParagraph(markdown: string): string {
  const lines: string[] = [];
  let isInFence = false;
  for (const line of markdown.split("\n")) {
    const text = line.trim();
    if (text.startsWith("```")) {
      isInFence = !isInFence;
      continue;
    }
    if (isInFence || text.startsWith("#")) {
      if (lines.length > 0) break;
      continue;
    }
    if (text === "") {
      if (lines.length > 0) break;
      continue;
    }
    lines.push(text);
  }
  return lines.join(" ");
}

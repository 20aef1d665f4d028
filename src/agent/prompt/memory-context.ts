/** The `# Memory` section: long-term memory/MEMORY.md plus the daily notes of the last three days. */
import { join } from "node:path";
import { type FileCache, readAll } from "./file-cache.ts";

const DAILY_NOTE_DAYS = 3;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `memory/YYYYMM/YYYYMMDD.md` for a local date. */
export function dailyNotePath(workspace: string, date: Date): string {
  const month = `${date.getFullYear()}${pad(date.getMonth() + 1)}`;
  return join(workspace, "memory", month, `${month}${pad(date.getDate())}.md`);
}

/** The note paths of one local day (newest first), valid from `from` until `until` (local midnights). */
interface DayPaths {
  workspace: string;
  from: number;
  until: number;
  paths: string[];
}

let lastDay: DayPaths | undefined;

/** MEMORY.md and the daily-note paths for `now`, rebuilt only when the local day (or workspace) changes. */
function memoryPaths(workspace: string, now: number): string[] {
  if (lastDay && lastDay.workspace === workspace && now >= lastDay.from && now < lastDay.until)
    return lastDay.paths;
  const notePaths = Array.from({ length: DAILY_NOTE_DAYS }, (_, day) => {
    const date = new Date(now);
    date.setDate(date.getDate() - day);
    return dailyNotePath(workspace, date);
  });
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(now);
  end.setHours(24, 0, 0, 0);
  const paths = [join(workspace, "memory", "MEMORY.md"), ...notePaths];
  lastDay = { workspace, from: start.getTime(), until: end.getTime(), paths };
  return paths;
}

function memoryText(texts: readonly (string | undefined)[]): string {
  const [longTermText, ...noteTexts] = texts;
  const parts: string[] = [];
  const longTerm = longTermText?.trim();
  if (longTerm) parts.push(`## Long-term Memory\n\n${longTerm}`);
  const notes = noteTexts.map((text) => text?.trim()).filter((note): note is string => Boolean(note));
  if (notes.length > 0) parts.push(`## Recent Daily Notes\n\n${notes.join("\n\n---\n\n")}`);
  return parts.join("\n\n");
}

/** The memory text for the prompt, or "" when there is none. Newest notes come first. */
export function buildMemoryContext(
  workspace: string,
  now: number,
  files: FileCache,
): string | Promise<string> {
  const texts = readAll(files, memoryPaths(workspace, now));
  return Array.isArray(texts) ? memoryText(texts) : texts.then(memoryText);
}

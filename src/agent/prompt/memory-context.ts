/** The `# Memory` section: long-term memory/MEMORY.md plus the daily notes of the last three days. */
import { join } from "node:path";
import type { FileCache } from "./file-cache.ts";

const DAILY_NOTE_DAYS = 3;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `memory/YYYYMM/YYYYMMDD.md` for a local date. */
export function dailyNotePath(workspace: string, date: Date): string {
  const month = `${date.getFullYear()}${pad(date.getMonth() + 1)}`;
  return join(workspace, "memory", month, `${month}${pad(date.getDate())}.md`);
}

/** The memory text for the prompt, or "" when there is none. Newest notes come first. */
export async function buildMemoryContext(workspace: string, now: number, files: FileCache): Promise<string> {
  const notePaths = Array.from({ length: DAILY_NOTE_DAYS }, (_, day) => {
    const date = new Date(now);
    date.setDate(date.getDate() - day);
    return dailyNotePath(workspace, date);
  });
  // All reads at once: each is a round trip to the file-system thread pool, paid on every turn.
  const [longTermText, ...noteTexts] = await Promise.all(
    [join(workspace, "memory", "MEMORY.md"), ...notePaths].map((path) => files.read(path)),
  );
  const parts: string[] = [];
  const longTerm = longTermText?.trim();
  if (longTerm) parts.push(`## Long-term Memory\n\n${longTerm}`);
  const notes = noteTexts.map((text) => text?.trim()).filter((note): note is string => Boolean(note));
  if (notes.length > 0) parts.push(`## Recent Daily Notes\n\n${notes.join("\n\n---\n\n")}`);
  return parts.join("\n\n");
}

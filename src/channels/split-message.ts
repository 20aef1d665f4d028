/**
 * Splits outbound text into chunks of at most `maxLen` code points for channels with a length limit,
 * following PicoClaw's SplitMessage window rules. Its one rule: a ``` fence is never left open; a
 * chunk that must end inside a code block is closed with "\n```" and the next reopens the fence.
 */

/** Text as code points, so limits count what platforms count (runes), not UTF-16 units. */
type Runes = readonly string[];

const FENCE_CLOSE = "\n```";
/** Room kept for FENCE_CLOSE (4) plus one, when cutting inside a code block. */
const FENCE_ROOM = 5;
/** Fewer code-block runes than this before the cut are not worth splitting inside the block. */
const MIN_INNER = 20;
const NEWLINE_WINDOW = 200;
const SPACE_WINDOW = 100;

/** Splits `content` into chunks of at most `maxLen` code points; `maxLen <= 0` means no limit. */
export function splitMessage(content: string, maxLen: number): string[] {
  if (content === "") return [];
  if (maxLen <= 0) return [content];

  // Keep 10% (at least 50, at most half) of each chunk free so a fence can be closed in it.
  const reserve = Math.min(Math.max(Math.trunc(maxLen / 10), 50), Math.trunc(maxLen / 2));
  const window = Math.max(maxLen - reserve, Math.trunc(maxLen / 2));
  const chunks: string[] = [];
  const runes = Array.from(content);
  let start = 0;

  while (start < runes.length) {
    if (runes.length - start <= maxLen) {
      chunks.push(runes.slice(start).join(""));
      break;
    }
    const limit = start + window;
    let end = findLastNewlineInRange(runes, start, limit, NEWLINE_WINDOW);
    if (end <= start) end = findLastSpaceInRange(runes, start, limit, SPACE_WINDOW);
    if (end <= start) end = limit;

    const open = findLastUnclosedCodeBlockInRange(runes, start, end);
    if (open >= 0) {
      // Only a closing fence within maxLen of the chunk start matters; a bounded search keeps long
      // code blocks linear (PicoClaw scans to the end of the text for every chunk).
      const close = findNextClosingCodeBlockInRange(runes, end, Math.min(runes.length, start + maxLen));
      if (close > 0) {
        end = close; // the whole block still fits: take it
      } else {
        const cut = cutInsideBlock(runes, start, end, open, maxLen);
        if (typeof cut === "number") {
          end = cut;
        } else {
          chunks.push(cut.chunk);
          start = cut.next;
          continue;
        }
      }
    }

    if (end <= start) end = limit;
    end = notInsideFence(runes, start, end);
    // PicoClaw's cut before a block can still land inside an earlier block when fences sit
    // mid-line; close and reopen that block too, so no chunk ever ends inside a fence.
    const dangling = findLastUnclosedCodeBlockInRange(runes, start, end);
    if (dangling >= 0) {
      const cut = reopen(
        runes,
        start,
        Math.min(end, start + maxLen - FENCE_ROOM),
        fenceHeader(runes, dangling).header,
      );
      if (typeof cut !== "number") {
        chunks.push(cut.chunk);
        start = cut.next;
        continue;
      }
    }
    chunks.push(runes.slice(start, end).join(""));
    start = end;
    while (start < runes.length && isBreakSpace(runes[start])) start++;
  }
  return chunks;
}

/** A chunk closed with FENCE_CLOSE, and where the remaining text (reopened with the fence) starts. */
interface ReopenedSplit {
  chunk: string;
  next: number;
}

/**
 * Decides where to cut when the block opened at `open` cannot end in this chunk: a new cut before the
 * block (a number), or a closed chunk plus the reopened rest.
 */
function cutInsideBlock(
  runes: string[],
  start: number,
  end: number,
  open: number,
  maxLen: number,
): number | ReopenedSplit {
  const { header, headerStop } = fenceHeader(runes, open);

  const innerLimit = Math.min(start + maxLen - FENCE_ROOM, runes.length);
  if (end > headerStop + MIN_INNER) {
    // Enough code before the cut: split inside the block, near maxLen, preferably at a newline.
    const newline = findLastNewlineInRange(runes, start, innerLimit, NEWLINE_WINDOW);
    return reopen(runes, start, newline > headerStop ? newline : innerLimit, header);
  }

  // Little code before the cut: end this chunk before the block starts.
  let before = findLastNewlineInRange(runes, start, open, NEWLINE_WINDOW);
  if (before <= start) before = findLastSpaceInRange(runes, start, open, SPACE_WINDOW);
  if (before > start) return before;
  if (open - start > MIN_INNER) return open;
  return reopen(runes, start, innerLimit, header);
}

/** The fence line opened at `open` (e.g. "```go"), and where it ends. */
function fenceHeader(runes: Runes, open: number): { header: string; headerStop: number } {
  const newline = findNewlineFrom(runes, open);
  const headerStop = newline === -1 ? open + 3 : newline;
  return { header: runes.slice(open, headerStop).join("").trim(), headerStop };
}

/**
 * Closes runes[start, cut) with a fence and reopens the rest with `header`. PicoClaw can loop forever
 * (or panic) here when the header is longer than the cut, or maxLen is tiny; we drop the info string
 * in the first case and fall back to a plain cut in the second, so every step makes progress.
 */
function reopen(runes: string[], start: number, end: number, header: string): number | ReopenedSplit {
  const cut = notInsideFence(runes, start, end);
  const consumed = cut - start;
  const headerRunes = Array.from(header);
  const fence = headerRunes.length + 1 < consumed ? headerRunes : ["`", "`", "`"];
  if (fence.length + 1 >= consumed) return Math.max(cut, start + 1);
  const chunk =
    runes
      .slice(start, cut)
      .join("")
      .replace(/[ \t\n\r]+$/, "") + FENCE_CLOSE;
  // PicoClaw rebuilds "<header>\n<rest>" as a new string each time, which is quadratic on long code
  // blocks; writing the header over the consumed runes just before `cut` gives the same text.
  const next = cut - fence.length - 1;
  for (const [i, rune] of fence.entries()) runes[next + i] = rune;
  runes[cut - 1] = "\n";
  // The trailing half of Go's TrimSpace on the rebuilt text.
  while (runes.length > cut && /^\s$/u.test(runes[runes.length - 1] ?? "")) runes.pop();
  return { chunk, next };
}

/** Moves a hard cut that would split a ``` run back to the run's start, so the fence stays whole. */
function notInsideFence(runes: Runes, start: number, cut: number): number {
  for (let i = Math.max(start + 1, cut - 2); i < cut; i++) {
    if (isFenceAt(runes, i, runes.length)) return i;
  }
  return cut;
}

function isBreakSpace(rune: string | undefined): boolean {
  return rune === " " || rune === "\t" || rune === "\n" || rune === "\r";
}

/** Index of the last "\n" among the last `window` runes of [start, end); `start - 1` if none. */
export function findLastNewlineInRange(runes: Runes, start: number, end: number, window: number): number {
  for (let i = end - 1; i >= Math.max(end - window, start); i--) {
    if (runes[i] === "\n") return i;
  }
  return start - 1;
}

/** Index of the last space or tab among the last `window` runes of [start, end); `start - 1` if none. */
export function findLastSpaceInRange(runes: Runes, start: number, end: number, window: number): number {
  for (let i = end - 1; i >= Math.max(end - window, start); i--) {
    if (runes[i] === " " || runes[i] === "\t") return i;
  }
  return start - 1;
}

/** Index of the first "\n" at or after `from`, or -1. */
export function findNewlineFrom(runes: Runes, from: number): number {
  for (let i = from; i < runes.length; i++) {
    if (runes[i] === "\n") return i;
  }
  return -1;
}

function isFenceAt(runes: Runes, i: number, end: number): boolean {
  return i + 2 < end && runes[i] === "`" && runes[i + 1] === "`" && runes[i + 2] === "`";
}

/** Index of the last ``` in [start, end) that opens a block not closed before `end`, or -1. */
export function findLastUnclosedCodeBlockInRange(runes: Runes, start: number, end: number): number {
  let openAt = -1;
  let inside = false;
  for (let i = start; i < end; i++) {
    if (!isFenceAt(runes, i, end)) continue;
    if (!inside) openAt = i;
    inside = !inside;
    i += 2;
  }
  return inside ? openAt : -1;
}

/** Index just past the first ``` lying wholly in [from, end), or -1. */
export function findNextClosingCodeBlockInRange(runes: Runes, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (isFenceAt(runes, i, end)) return i + 3;
  }
  return -1;
}

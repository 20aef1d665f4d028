/** Streams a file's lines from a 1-based start line within a byte budget, without loading the file. */
import type { FileHandle } from "node:fs/promises";

/** Why reading stopped. */
export type LineStop = "eof" | "more" | "budget" | "long-line";

/** Lines read (without their newline) and why reading stopped. */
export interface LinesRead {
  lines: string[];
  stop: LineStop;
}

const CHUNK = 64 * 1024;

/** Reads up to `maxLines` lines starting at `startLine`, returning at most `budget` bytes of text. */
export async function readLines(
  handle: FileHandle,
  startLine: number,
  maxLines: number | undefined,
  budget: number,
): Promise<LinesRead> {
  const decoder = new TextDecoder();
  const lines: string[] = [];
  let lineNo = 1;
  let current: Uint8Array[] = [];
  let currentBytes = 0;
  let used = 0;
  let position = 0;
  const buffer = new Uint8Array(CHUNK);

  // Returns a stop reason when the line just finished ends the read.
  const finishLine = (): LineStop | undefined => {
    const bytes = concat(current, currentBytes);
    current = [];
    currentBytes = 0;
    lineNo++;
    if (used + bytes.length > budget) {
      if (lines.length > 0) return "budget";
      lines.push(decoder.decode(bytes.subarray(0, budget)).replace(/\uFFFD$/, ""));
      return "long-line";
    }
    used += bytes.length + 1;
    lines.push(decoder.decode(bytes).replace(/\r$/, ""));
    return maxLines !== undefined && lines.length >= maxLines ? "more" : undefined;
  };

  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    let from = 0;
    for (let i = 0; i < bytesRead; i++) {
      if (buffer[i] !== 10) continue;
      if (lineNo >= startLine) {
        current.push(buffer.slice(from, i));
        currentBytes += i - from;
        const stop = finishLine();
        if (stop)
          return {
            lines,
            stop: stop === "more" ? await moreOrEof(handle, position - bytesRead + i + 1) : stop,
          };
      } else {
        lineNo++;
      }
      from = i + 1;
    }
    if (lineNo >= startLine && from < bytesRead) {
      current.push(buffer.slice(from, bytesRead));
      currentBytes += bytesRead - from;
      // A single line larger than the budget is cut here rather than held whole in memory.
      if (used + currentBytes > budget) return { lines, stop: finishLine() ?? "budget" };
    }
  }
  if (currentBytes > 0) {
    const stop = finishLine();
    if (stop === "budget" || stop === "long-line") return { lines, stop };
  }
  return { lines, stop: "eof" };
}

async function moreOrEof(handle: FileHandle, position: number): Promise<LineStop> {
  const probe = new Uint8Array(1);
  const { bytesRead } = await handle.read(probe, 0, 1, position);
  return bytesRead > 0 ? "more" : "eof";
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Bounded-memory line I/O on append-only JSONL files: a forward scan that only counts lines, and a
 * backward read that decodes only the newest lines. Neither ever holds the whole file; a line over
 * `maxLine` bytes is counted but its bytes are dropped.
 */
import type { FileHandle } from "node:fs/promises";

const BLOCK = 64 * 1024;
const NEWLINE = 0x0a;

/** Result of scanning a file from the start. */
export interface LineScan {
  /** Non-empty newline-terminated lines. */
  lines: number;
  /** Byte offset just after the last newline; bytes past it are a torn, unterminated tail. */
  validEnd: number;
  size: number;
}

/** Counts non-empty complete lines, reading in fixed blocks. */
export async function scanLines(handle: FileHandle): Promise<LineScan> {
  const { size } = await handle.stat();
  const block = Buffer.allocUnsafe(BLOCK);
  let lines = 0;
  let validEnd = 0;
  let lineLength = 0;
  for (let position = 0; position < size; ) {
    const { bytesRead } = await handle.read(block, 0, Math.min(BLOCK, size - position), position);
    if (bytesRead === 0) break;
    for (let i = 0; i < bytesRead; i++) {
      if (block[i] !== NEWLINE) {
        lineLength++;
        continue;
      }
      if (lineLength > 0) lines++;
      lineLength = 0;
      validEnd = position + i + 1;
    }
    position += bytesRead;
  }
  return { lines, validEnd, size };
}

/** One line read from the end: its text, or `undefined` when it was longer than the cap. */
export type TailLine = string | undefined;

/**
 * Reads up to `wanted` non-empty complete lines ending at byte `end`, newest first.
 * Bytes after the last newline before `end` (a torn tail) are ignored.
 */
export async function readLastLines(
  handle: FileHandle,
  end: number,
  wanted: number,
  maxLine: number,
): Promise<TailLine[]> {
  const out: TailLine[] = [];
  if (wanted <= 0 || end <= 0) return out;
  const block = Buffer.allocUnsafe(BLOCK);
  let pieces: Buffer[] = [];
  let pendingLength = 0;
  let oversize = false;
  // Until the first newline is seen from the end, bytes belong to an unterminated tail.
  let sawTerminator = false;
  const flush = () => {
    if (sawTerminator && (pendingLength > 0 || oversize)) {
      out.push(oversize ? undefined : Buffer.concat(pieces.reverse(), pendingLength).toString("utf8"));
    }
    pieces = [];
    pendingLength = 0;
    oversize = false;
    sawTerminator = true;
  };
  for (let position = end; position > 0 && out.length < wanted; ) {
    const length = Math.min(BLOCK, position);
    position -= length;
    const { bytesRead } = await handle.read(block, 0, length, position);
    let segmentEnd = bytesRead;
    for (let i = bytesRead - 1; i >= 0 && out.length < wanted; i--) {
      if (block[i] !== NEWLINE) continue;
      keep(block.subarray(i + 1, segmentEnd));
      flush();
      segmentEnd = i;
    }
    if (out.length < wanted) keep(block.subarray(0, segmentEnd));
  }
  if (out.length < wanted) flush();
  return out;

  function keep(bytes: Buffer): void {
    if (bytes.length === 0 || !sawTerminator) return;
    if (oversize || pendingLength + bytes.length > maxLine) {
      oversize = true;
      pieces = [];
      pendingLength = 0;
      return;
    }
    pieces.push(Buffer.from(bytes));
    pendingLength += bytes.length;
  }
}

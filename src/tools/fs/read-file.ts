/**
 * `read_file`: reads part of a file in the sandbox. Bytes mode (offset/length) works on anything;
 * lines mode (start_line/max_lines) numbers lines and refuses binary files. Every read is capped at
 * 64 KB so one call cannot flood the model's context (PicoClaw MaxReadFileSize).
 */
import { open } from "node:fs/promises";
import { basename } from "node:path";
import type { Tool } from "../tool.ts";
import { optionalInteger, requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, errorResult, ToolInputError, textResult } from "../tool-result.ts";
import { isBinary } from "./is-binary.ts";
import { readLines } from "./read-lines.ts";
import { type FsToolOptions, resolveWorkspacePath } from "./workspace-path.ts";

/** Most bytes one read returns. */
export const MAX_READ_BYTES = 64 * 1024;

/** Creates the `read_file` tool. */
export function createReadFileTool(options: FsToolOptions): Tool {
  return {
    definition: {
      name: "read_file",
      description:
        "Read a file. Bytes mode: offset/length. Lines mode: start_line/max_lines (numbered lines, text only). At most 64 KB per call.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string", description: "Path to the file, relative to the workspace." },
          offset: { type: "integer", description: "Bytes mode: byte offset to start at (default 0)." },
          length: { type: "integer", description: "Bytes mode: bytes to read (max 65536)." },
          start_line: { type: "integer", description: "Lines mode: first line, 1-based." },
          max_lines: { type: "integer", description: "Lines mode: lines to read." },
        },
        required: ["path"],
      },
    },
    execute: catchToolErrors("read_file", async (raw) => {
      const args = toolArgs(raw);
      const path = await resolveWorkspacePath(requiredString(args, "path"), options, "read");
      const startLine = optionalInteger(args, "start_line");
      const maxLines = optionalInteger(args, "max_lines");
      if (startLine !== undefined || maxLines !== undefined) {
        if ("offset" in args || "length" in args) {
          throw new ToolInputError("offset/length are bytes mode; use start_line/max_lines in lines mode");
        }
        return readLinesMode(path, startLine ?? 1, maxLines);
      }
      return readBytesMode(path, optionalInteger(args, "offset") ?? 0, optionalInteger(args, "length"));
    }),
  };
}

async function readBytesMode(path: string, offset: number, length: number | undefined) {
  if (offset < 0) throw new ToolInputError("offset must be >= 0");
  if (length !== undefined && length <= 0) throw new ToolInputError("length must be > 0");
  const want = Math.min(length ?? MAX_READ_BYTES, MAX_READ_BYTES);
  const handle = await open(path, "r");
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return errorResult(`${basename(path)} is a directory; use list_dir`);
    const buffer = new Uint8Array(want);
    const { bytesRead } = await handle.read(buffer, 0, want, offset);
    if (bytesRead === 0) return textResult("[END OF FILE - no content at this offset]");
    const end = offset + bytesRead;
    const more =
      end < stat.size
        ? `\n[TRUNCATED - call read_file again with offset=${end} to continue.]`
        : "\n[END OF FILE]";
    const header = `[file: ${basename(path)} | total: ${stat.size} bytes | read: bytes ${offset}-${end - 1}]${more}`;
    return textResult(`${header}\n\n${new TextDecoder().decode(buffer.subarray(0, bytesRead))}`);
  } finally {
    await handle.close();
  }
}

async function readLinesMode(path: string, startLine: number, maxLines: number | undefined) {
  if (startLine < 1) throw new ToolInputError("start_line must be >= 1");
  if (maxLines !== undefined && maxLines <= 0) throw new ToolInputError("max_lines must be > 0");
  const handle = await open(path, "r");
  try {
    if ((await handle.stat()).isDirectory())
      return errorResult(`${basename(path)} is a directory; use list_dir`);
    const sniff = new Uint8Array(512);
    const { bytesRead } = await handle.read(sniff, 0, sniff.length, 0);
    if (isBinary(sniff.subarray(0, bytesRead))) {
      return errorResult("file appears to be binary; read it in bytes mode (offset/length)");
    }
    const read = await readLines(handle, startLine, maxLines, MAX_READ_BYTES);
    if (read.lines.length === 0)
      return textResult(`[END OF FILE - no content at or after line ${startLine}]`);
    const last = startLine + read.lines.length - 1;
    const next = last + 1;
    const tail = {
      eof: "\n[END OF FILE]",
      more: `\n[PARTIAL - more lines remain. Call read_file again with start_line=${next}.]`,
      budget: `\n[TRUNCATED - 64 KB budget reached. Call read_file again with start_line=${next}.]`,
      "long-line": `\n[TRUNCATED - line ${last} is longer than 64 KB and was cut.]`,
    }[read.stop];
    const body = read.lines.map((line, index) => `${startLine + index}|${line}`).join("\n");
    return textResult(`[file: ${basename(path)} | read: lines ${startLine}-${last}]${tail}\n\n${body}`);
  } finally {
    await handle.close();
  }
}

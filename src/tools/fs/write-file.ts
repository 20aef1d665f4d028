/** `write_file`: creates or (with overwrite) replaces a file in the sandbox, atomically. */
import { lstat } from "node:fs/promises";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import type { Tool } from "../tool.ts";
import { optionalBoolean, requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, errorResult, textResult } from "../tool-result.ts";
import { type FsToolOptions, resolveWorkspacePath } from "./workspace-path.ts";

/** Creates the `write_file` tool. */
export function createWriteFileTool(options: FsToolOptions): Tool {
  return {
    definition: {
      name: "write_file",
      description:
        "Write a file (parent directories are created). Refuses to replace an existing file unless overwrite is true.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string", description: "Path to the file, relative to the workspace." },
          content: { type: "string", description: "Full file content." },
          overwrite: { type: "boolean", description: "Must be true to replace an existing file." },
        },
        required: ["path", "content"],
      },
    },
    execute: catchToolErrors("write_file", async (raw) => {
      const args = toolArgs(raw);
      const userPath = requiredString(args, "path");
      const content = requiredString(args, "content");
      const overwrite = optionalBoolean(args, "overwrite") ?? false;
      const path = await resolveWorkspacePath(userPath, options, "write");
      const existing = await lstat(path).catch(() => undefined);
      if (existing?.isDirectory()) return errorResult(`${userPath} is a directory`);
      if (existing && !overwrite) {
        return errorResult(`file ${userPath} already exists. Set overwrite=true to replace it.`);
      }
      await writeFileAtomic(path, content, { mode: 0o644 });
      return textResult(`File written: ${userPath} (${Buffer.byteLength(content)} bytes)`);
    }),
  };
}

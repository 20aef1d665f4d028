/** `append_file`: appends text to a file in the sandbox, creating it (and its directories) if needed. */
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Tool } from "../tool.ts";
import { requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, textResult } from "../tool-result.ts";
import { type FsToolOptions, resolveWorkspacePath } from "./workspace-path.ts";

/** Creates the `append_file` tool. */
export function createAppendFileTool(options: FsToolOptions): Tool {
  return {
    definition: {
      name: "append_file",
      description: "Append content to the end of a file, creating it if it does not exist.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string", description: "Path to the file, relative to the workspace." },
          content: { type: "string", description: "Text to append." },
        },
        required: ["path", "content"],
      },
    },
    execute: catchToolErrors("append_file", async (raw) => {
      const args = toolArgs(raw);
      const userPath = requiredString(args, "path");
      const content = requiredString(args, "content");
      const path = await resolveWorkspacePath(userPath, options, "write");
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, content);
      return textResult(`Appended ${Buffer.byteLength(content)} bytes to ${userPath}`);
    }),
  };
}

/** `list_dir`: lists one directory in the sandbox, directories first, as `DIR:`/`FILE:` lines. */
import { readdir } from "node:fs/promises";
import { compareStrings } from "../../lib/compare.ts";
import type { Tool } from "../tool.ts";
import { optionalString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, textResult } from "../tool-result.ts";
import { type FsToolOptions, resolveWorkspacePath } from "./workspace-path.ts";

/** Listing stops here; a model rarely needs more, and huge directories would flood the context. */
const MAX_ENTRIES = 1000;

/** Creates the `list_dir` tool. */
export function createListDirTool(options: FsToolOptions): Tool {
  return {
    definition: {
      name: "list_dir",
      description: "List files and directories in a path.",
      parameters: {
        type: "object",
        properties: { path: { type: "string", description: "Directory, relative to the workspace." } },
        required: ["path"],
      },
    },
    execute: catchToolErrors("list_dir", async (raw) => {
      const args = toolArgs(raw);
      const path = await resolveWorkspacePath(optionalString(args, "path") ?? ".", options, "read");
      const entries = await readdir(path, { withFileTypes: true });
      entries.sort(
        (a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || compareStrings(a.name, b.name),
      );
      if (entries.length === 0) return textResult("(empty directory)");
      const lines = entries
        .slice(0, MAX_ENTRIES)
        .map((entry) => `${entry.isDirectory() ? "DIR: " : "FILE:"} ${entry.name}`);
      if (entries.length > MAX_ENTRIES) lines.push(`... (${entries.length - MAX_ENTRIES} more entries)`);
      return textResult(lines.join("\n"));
    }),
  };
}

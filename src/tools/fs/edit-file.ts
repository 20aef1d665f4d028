/**
 * `edit_file`: replaces one exact occurrence of `old_text`. Zero or several matches are errors, because
 * guessing which one the model meant would silently corrupt the file.
 */
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import type { Tool } from "../tool.ts";
import { requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, errorResult, textResult } from "../tool-result.ts";
import { type FsToolOptions, resolveWorkspacePath } from "./workspace-path.ts";

/** Creates the `edit_file` tool. */
export function createEditFileTool(options: FsToolOptions): Tool {
  return {
    definition: {
      name: "edit_file",
      description: "Replace old_text with new_text in a file. old_text must occur exactly once.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string", description: "Path to the file, relative to the workspace." },
          old_text: { type: "string", description: "Exact text to find; must be unique in the file." },
          new_text: { type: "string", description: "Replacement text." },
        },
        required: ["path", "old_text", "new_text"],
      },
    },
    execute: catchToolErrors("edit_file", async (raw) => {
      const args = toolArgs(raw);
      const userPath = requiredString(args, "path");
      const oldText = requiredString(args, "old_text");
      const newText = requiredString(args, "new_text");
      if (oldText === "") return errorResult("old_text must not be empty");
      const path = await resolveWorkspacePath(userPath, options, "write");
      const content = await readFile(path, "utf8");
      const first = content.indexOf(oldText);
      if (first < 0) return errorResult(`old_text not found in ${userPath}`);
      if (content.indexOf(oldText, first + 1) >= 0) {
        return errorResult(`old_text occurs more than once in ${userPath}; include more context`);
      }
      // Slicing, not String.replace: `$&` and friends in new_text must stay literal.
      await writeFileAtomic(path, content.slice(0, first) + newText + content.slice(first + oldText.length), {
        mode: 0o644,
      });
      return textResult(`File edited: ${userPath}`);
    }),
  };
}

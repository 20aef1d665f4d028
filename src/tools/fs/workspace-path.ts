/**
 * Resolves a path the model gave against the workspace and enforces the sandbox. Symlinks are
 * resolved on the deepest existing ancestor, so a link inside the workspace cannot point a read or a
 * write outside it (PicoClaw EvalSymlinks; audits #258/#321 reported path traversal).
 */
import { lstat, realpath } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ToolInputError } from "../tool-result.ts";

/** Sandbox settings shared by the file tools. */
export interface FsToolOptions {
  workspace: string;
  /** When false, any path is allowed (PicoClaw `restrict_to_workspace`, default true). */
  restrictToWorkspace: boolean;
  /** Directories outside the workspace that may be read (`tools.allow_read_paths`). */
  allowReadPaths: readonly string[];
  /** Directories outside the workspace that may be written, and read (`tools.allow_write_paths`). */
  allowWritePaths: readonly string[];
}

/** What the caller is about to do with the path. */
export type PathAccess = "read" | "write";

/** Returns the absolute, symlink-resolved path, or throws `ToolInputError` if the sandbox forbids it. */
export async function resolveWorkspacePath(
  userPath: string,
  options: FsToolOptions,
  access: PathAccess,
): Promise<string> {
  if (userPath.trim() === "") throw new ToolInputError("path is required");
  if (userPath.includes("\0")) throw new ToolInputError("path contains a NUL byte");
  const workspace = resolve(expandHome(options.workspace));
  const candidate = resolve(workspace, expandHome(userPath));
  if (!options.restrictToWorkspace) return candidate;

  const real = await realPath(candidate);
  const roots = [workspace, ...options.allowWritePaths];
  if (access === "read") roots.push(...options.allowReadPaths);
  for (const root of roots) {
    const realRoot = await realPath(resolve(expandHome(root)));
    if (isInside(real, realRoot)) return real;
  }
  throw new ToolInputError(`access denied: ${userPath} is outside the workspace`);
}

/** True when `path` is `root` or below it. */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * Resolves symlinks on the longest existing prefix of an absolute `path` and appends the rest. A
 * dangling symlink is refused (throws): writing through it would create a file wherever it points.
 */
export async function realPath(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    const exists = await lstat(current).then(
      () => true,
      () => false,
    );
    if (exists) {
      let real: string;
      try {
        real = await realpath(current);
      } catch {
        throw new ToolInputError(`access denied: ${current} is a dangling symlink`);
      }
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    }
    const parent = dirname(current);
    if (parent === current) return path;
    missing.push(basename(current));
    current = parent;
  }
}

function expandHome(path: string): string {
  if (path === "~") return homedir();
  if (path.startsWith("~/")) return join(homedir(), path.slice(2));
  return path;
}

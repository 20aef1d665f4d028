/** Test helpers for the file tools: a throwaway workspace and a default tool context. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ToolContext } from "../tool.ts";
import type { FsToolOptions } from "./workspace-path.ts";

/** A temp directory holding `ws/` (the workspace) and `outside/`, removed by `dispose`. */
export interface TempWorkspace {
  root: string;
  workspace: string;
  outside: string;
  options: FsToolOptions;
  context: ToolContext;
  dispose(): Promise<void>;
}

/** Creates a fresh workspace with restriction on and no extra allowed paths. */
export async function createTempWorkspace(): Promise<TempWorkspace> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "picoclaw-fs-")));
  const workspace = join(root, "ws");
  const outside = join(root, "outside");
  await Bun.write(join(workspace, ".keep"), "");
  await Bun.write(join(outside, "secret.txt"), "outside secret\n");
  return {
    root,
    workspace,
    outside,
    options: { workspace, restrictToWorkspace: true, allowReadPaths: [], allowWritePaths: [] },
    context: {
      channel: "cli",
      chatId: "direct",
      sessionKey: "test",
      workspace,
      signal: new AbortController().signal,
      isInternal: true,
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

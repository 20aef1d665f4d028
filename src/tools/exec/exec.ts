/**
 * `exec`: runs a shell command in the workspace after the guard allows it. Remote channels are refused
 * unless `allow_remote` is set; we default it to false (PicoClaw's code says true, its docs false;
 * the reference §7.6 asks for the safer one). Output is capped at 10,000 characters.
 */
import type { Platform } from "../../platform/platform.ts";
import { resolveWorkspacePath } from "../fs/workspace-path.ts";
import type { Tool, ToolContext } from "../tool.ts";
import { optionalInteger, optionalString, requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, errorResult, textResult } from "../tool-result.ts";
import { formatRunOutcome } from "./format-outcome.ts";
import { createExecGuard, type ExecGuardOptions } from "./guard.ts";
import { runCommand } from "./run-command.ts";

/** Default output cap, as in PicoClaw. */
export const MAX_EXEC_OUTPUT_CHARS = 10_000;

/** Settings for `createExecTool`, from `tools.exec` and the agent defaults. */
export interface ExecToolOptions extends Omit<ExecGuardOptions, "home"> {
  /** Lets non-internal channels exec (default false). */
  allowRemote?: boolean | undefined;
  /** Default 60 (PicoClaw `tools.exec.timeout_seconds`). */
  timeoutSeconds?: number | undefined;
  maxOutputChars?: number | undefined;
  /** The subprocess seam: the platform's spawn, passed in by whoever builds the tool. */
  spawn: Platform["spawn"];
  /** Environment for commands; defaults to PATH, HOME and LANG only, never the gateway's secrets. */
  env?: Record<string, string> | undefined;
}

/** Creates the `exec` tool. Throws on invalid custom patterns (a config error). */
export function createExecTool(options: ExecToolOptions): Tool {
  // Under the sandbox, HOME is the workspace, so `cd`, `~` and $HOME stay inside it.
  const home = options.restrictToWorkspace ? options.workspace : (process.env["HOME"] ?? options.workspace);
  const guard = createExecGuard({ ...options, home });
  const env = options.env ?? minimalEnv(home);
  const defaultTimeout = options.timeoutSeconds && options.timeoutSeconds > 0 ? options.timeoutSeconds : 60;
  const maxChars = options.maxOutputChars ?? MAX_EXEC_OUTPUT_CHARS;
  const fsOptions = {
    workspace: options.workspace,
    restrictToWorkspace: options.restrictToWorkspace,
    allowReadPaths: options.allowPaths ?? [],
    allowWritePaths: [],
  };

  return {
    definition: {
      name: "exec",
      description:
        "Run a shell command (sh -c) in the workspace and return its output and exit code. Dangerous commands are blocked.",
      parameters: {
        type: "object",
        properties: {
          action: { type: "string", enum: ["run"], description: "Only 'run' is supported." },
          command: { type: "string", description: "The shell command." },
          cwd: { type: "string", description: "Working directory, relative to the workspace." },
          timeout: {
            type: "integer",
            description: `Seconds before the command is killed (default ${defaultTimeout}).`,
          },
        },
        required: ["command"],
      },
    },
    execute: catchToolErrors("exec", async (raw, context: ToolContext) => {
      const args = toolArgs(raw);
      const action = optionalString(args, "action") ?? "run";
      if (action !== "run") return errorResult(`exec action '${action}' is not supported; use 'run'`);
      const command = requiredString(args, "command");
      const channel = context.channel.trim();
      // Internal = the turn's context (cli, system, subagent, and the gateway's own cron calls).
      if (!options.allowRemote && !context.isInternal) {
        return errorResult(
          `exec is restricted to internal channels; set tools.exec.allow_remote to true to allow it from ${channel || "(unknown channel)"}`,
        );
      }
      const cwdArg = optionalString(args, "cwd");
      let cwd = options.workspace;
      if (cwdArg !== undefined) {
        try {
          cwd = await resolveWorkspacePath(cwdArg, fsOptions, "read");
        } catch {
          return errorResult("Command blocked by safety guard (working directory outside the workspace)");
        }
      }
      const refusal = await guard(command, cwd);
      if (refusal) return errorResult(refusal);
      const timeoutSeconds = Math.min(Math.max(optionalInteger(args, "timeout") ?? defaultTimeout, 1), 3600);
      const outcome = await runCommand({
        command,
        cwd,
        env,
        timeoutMs: timeoutSeconds * 1000,
        signal: context.signal,
        keepChars: maxChars + 1,
        spawn: options.spawn,
      });
      const formatted = formatRunOutcome(outcome, timeoutSeconds, maxChars);
      return formatted.isError ? errorResult(formatted.content) : textResult(formatted.content);
    }),
  };
}

function minimalEnv(home: string): Record<string, string> {
  return {
    PATH: process.env["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: home,
    LANG: process.env["LANG"] ?? "C.UTF-8",
  };
}

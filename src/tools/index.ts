/**
 * Assembles the built-in tools from the `tools` section of config.json (snake_case, as loaded). Only
 * enabled tools are created; cron and spawn are added by their own modules at the composition root.
 */
import type { OutboundMessage } from "../bus/message.ts";
import type { HostResolver } from "../lib/ssrf/pin-host.ts";
import type { Platform } from "../platform/platform.ts";
import { createExecTool } from "./exec/exec.ts";
import { createAppendFileTool } from "./fs/append-file.ts";
import { createEditFileTool } from "./fs/edit-file.ts";
import { createListDirTool } from "./fs/list-dir.ts";
import { createReadFileTool } from "./fs/read-file.ts";
import type { FsToolOptions } from "./fs/workspace-path.ts";
import { createWriteFileTool } from "./fs/write-file.ts";
import { createMessageTool } from "./message.ts";
import type { SentTracker } from "./sent-tracker.ts";
import type { Tool } from "./tool.ts";
import { createDuckDuckGoBackend } from "./web/duckduckgo.ts";
import { createWebFetchTool } from "./web/web-fetch.ts";
import { createWebSearchTool } from "./web/web-search.ts";

interface Toggle {
  enabled?: boolean | undefined;
}

/** The parts of `tools` this module reads; `Config["tools"]` fits it. Absent blocks mean defaults. */
export interface BuiltinToolsConfig {
  allow_read_paths?: readonly string[] | undefined;
  allow_write_paths?: readonly string[] | undefined;
  exec?:
    | (Toggle & {
        enable_deny_patterns?: boolean | undefined;
        allow_remote?: boolean | undefined;
        custom_deny_patterns?: readonly string[] | undefined;
        custom_allow_patterns?: readonly string[] | undefined;
        timeout_seconds?: number | undefined;
      })
    | undefined;
  web?:
    | (Toggle & {
        fetch_limit_bytes?: number | undefined;
        private_host_whitelist?: readonly (string | number)[] | undefined;
        duckduckgo?: { base_url?: string | undefined; max_results?: number | undefined } | undefined;
      })
    | undefined;
  read_file?: Toggle | undefined;
  write_file?: Toggle | undefined;
  edit_file?: Toggle | undefined;
  append_file?: Toggle | undefined;
  list_dir?: Toggle | undefined;
  web_fetch?: Toggle | undefined;
  message?: Toggle | undefined;
}

/** Everything `createBuiltinTools` needs. */
export interface BuiltinToolsOptions {
  workspace: string;
  /** `agents.defaults.restrict_to_workspace` (default true). */
  restrictToWorkspace?: boolean | undefined;
  tools?: BuiltinToolsConfig | undefined;
  /** Outbound bus publish, for the `message` tool; without it `message` is left out. */
  publish?: ((message: OutboundMessage) => Promise<void> | void) | undefined;
  sentTrackerFor?: ((sessionKey: string) => SentTracker | undefined) | undefined;
  /** Subprocess seam for `exec` (defaults to Bun's). */
  spawn: Platform["spawn"];
  /** DNS seam for `web_fetch` (defaults to the system resolver). */
  resolver?: HostResolver | undefined;
}

/** Creates the enabled built-in tools. Throws on invalid exec patterns (a config error). */
export function createBuiltinTools(options: BuiltinToolsOptions): Tool[] {
  const tools = options.tools ?? {};
  const on = (toggle: Toggle | undefined) => toggle?.enabled !== false;
  const fs: FsToolOptions = {
    workspace: options.workspace,
    restrictToWorkspace: options.restrictToWorkspace ?? true,
    allowReadPaths: tools.allow_read_paths ?? [],
    allowWritePaths: tools.allow_write_paths ?? [],
  };
  const out: Tool[] = [];
  if (on(tools.read_file)) out.push(createReadFileTool(fs));
  if (on(tools.write_file)) out.push(createWriteFileTool(fs));
  if (on(tools.edit_file)) out.push(createEditFileTool(fs));
  if (on(tools.append_file)) out.push(createAppendFileTool(fs));
  if (on(tools.list_dir)) out.push(createListDirTool(fs));
  const exec = tools.exec;
  if (on(exec)) {
    out.push(
      createExecTool({
        workspace: fs.workspace,
        restrictToWorkspace: fs.restrictToWorkspace,
        enableDenyPatterns: exec?.enable_deny_patterns,
        allowRemote: exec?.allow_remote ?? false,
        customDenyPatterns: exec?.custom_deny_patterns,
        customAllowPatterns: exec?.custom_allow_patterns,
        timeoutSeconds: exec?.timeout_seconds,
        allowPaths: [...fs.allowReadPaths, ...fs.allowWritePaths],
        spawn: options.spawn,
      }),
    );
  }
  const web = tools.web;
  if (on(web)) {
    const ddg = web?.duckduckgo;
    out.push(
      createWebSearchTool({
        backend: createDuckDuckGoBackend({ baseUrl: ddg?.base_url || undefined }),
        defaultCount: ddg?.max_results || undefined,
      }),
    );
  }
  if (on(tools.web_fetch)) {
    out.push(
      createWebFetchTool({
        privateHostWhitelist: (web?.private_host_whitelist ?? []).map(String),
        fetchLimitBytes: web?.fetch_limit_bytes,
        resolver: options.resolver,
      }),
    );
  }
  if (on(tools.message) && options.publish) {
    out.push(createMessageTool({ publish: options.publish, trackerFor: options.sentTrackerFor }));
  }
  return out;
}

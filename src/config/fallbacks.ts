/**
 * Go's "0 means use the default" rules, applied once after validation so consumers read
 * effective values (max_tokens 0 → 8192, heartbeat interval 0 → 30 and at least 5, …).
 */
import { defaultWorkspace, type Env, expandHome } from "./paths.ts";
import type { Config } from "./schema/config.ts";

/** tools.filter_min_length ≤ 0 → 8 (Go: ToolsConfig.GetFilterMinLength). */
export function effectiveFilterMinLength(value: number): number {
  return value <= 0 ? 8 : value;
}

/** heartbeat.interval in minutes: 0 → 30, otherwise at least 5. */
export function effectiveHeartbeatInterval(value: number): number {
  return value === 0 ? 30 : Math.max(5, value);
}

/** Rewrites fallback-valued fields of `config` in place and returns it. */
export function applyFallbacks(config: Config, env: Env): Config {
  const d = config.agents.defaults;
  d.workspace = d.workspace.trim() === "" ? defaultWorkspace(env) : expandHome(d.workspace, env);
  if (d.max_tokens === 0) d.max_tokens = 8192;
  if (d.context_window === 0) d.context_window = d.max_tokens * 4;
  if (d.max_tool_iterations === 0) d.max_tool_iterations = 20;
  if (d.max_media_size === 0) d.max_media_size = 20 * 1024 * 1024;
  if (d.max_parallel_turns === 0) d.max_parallel_turns = 1;
  for (const agent of config.agents.list) {
    if (agent.workspace !== "") agent.workspace = expandHome(agent.workspace, env);
  }
  for (const model of config.model_list) {
    if (model.request_timeout === 0) model.request_timeout = 120;
  }
  config.heartbeat.interval = effectiveHeartbeatInterval(config.heartbeat.interval);
  config.tools.filter_min_length = effectiveFilterMinLength(config.tools.filter_min_length);
  return config;
}

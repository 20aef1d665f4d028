/**
 * Builds the agent side from a loaded config: the model client (or none), the tool registry, and the
 * agent loop. Shared by `picoclaw gateway` and `picoclaw agent`, so both behave the same.
 */
import { join } from "node:path";
import {
  agentQueue,
  createAgentDispatcher,
  type DispatchedAgent,
} from "../agent/loop/create-agent-dispatcher.ts";
import type { AgentLoop } from "../agent/loop/create-agent-loop.ts";
import { type AgentLoopDeps, createAgentLoop } from "../agent/loop/create-agent-loop.ts";
import type { ComplexityRouting } from "../agent/routing/complexity.ts";
import type { RouteConfig } from "../agent/routing/route-config.ts";
import { listSkills } from "../agent/skills/list-skills.ts";
import { createSpawnTool } from "../agent/spawn.ts";
import type { MessageBus } from "../bus/bus.ts";
import type { StreamSinkFactory } from "../bus/stream-sink.ts";
import { type Config, effectiveFilterMinLength, expandHome, resolvePaths } from "../config/index.ts";
import type { MediaStore } from "../media/store.ts";
import type { Platform } from "../platform/platform.ts";
import { createModelClient, describeNoModel } from "../providers/fallback.ts";
import type { Provider } from "../providers/provider.ts";
import { createCronTool } from "../tools/cron.ts";
import { createBuiltinTools } from "../tools/index.ts";
import { collectSecrets, createToolRegistry } from "../tools/registry.ts";
import { createSendFileTool } from "../tools/send-file.ts";
import type { Tool, ToolRegistry } from "../tools/tool.ts";
import { type AgentSpec, resolveAgentSpecs, routeConfigOf } from "./agent-specs.ts";

/** The assembled agent side; with several agents, provider, tools and workspace are the default agent's. */
export interface AgentRuntime {
  loop: AgentLoop;
  provider: Provider | undefined;
  tools: ToolRegistry;
  workspace: string;
  /** The alias of the configured model, "" when none. */
  modelName: string;
}

/** What the runtime needs besides the config. */
export interface AgentRuntimeOptions {
  config: Config;
  bus: MessageBus;
  platform: Platform;
  env: Record<string, string | undefined>;
  streamSink?: StreamSinkFactory | undefined;
  /** Extra tools (MCP servers) added after the built-ins. */
  extraTools?: readonly Tool[] | undefined;
  /** Called after a cron tool call changed jobs.json, so the running cron service re-reads it. */
  onCronChanged?: (() => void) | undefined;
  /** Aborted at shutdown; cancels running sub-turns. */
  signal?: AbortSignal | undefined;
  /** The gateway's media store; without it `send_file` is left out (the agent CLI has no chat to send to). */
  media?: MediaStore | undefined;
  /** Opens an agent's offline queue (see open-offline-queue.ts); the agent CLI has none and reports outages. */
  offlineQueue?: ((agentId: string, isDefault: boolean) => Promise<AgentLoopDeps["offline"]>) | undefined;
}

/** Resolves `agents.defaults.workspace` (with `~` expanded; default `<home>/workspace`). */
export function workspaceOf(config: Config, env: Record<string, string | undefined>): string {
  const configured = config.agents.defaults.workspace;
  return configured ? expandHome(configured, env) : join(resolvePaths(env).home, "workspace");
}

/** The model an agent uses: its alias and fallbacks (default: `agents.defaults`). */
export interface AgentModel {
  modelName: string;
  modelFallbacks: readonly string[];
}

function defaultModel(config: Config): AgentModel {
  const defaults = config.agents.defaults;
  return { modelName: defaults.model_name, modelFallbacks: defaults.model_fallbacks };
}

/** Creates the model client for an agent's model, or undefined when no model is configured. */
export function createProvider(
  config: Config,
  model: AgentModel = defaultModel(config),
): Provider | undefined {
  const defaults = config.agents.defaults;
  if (!model.modelName) return undefined;
  return createModelClient({
    modelList: config.model_list,
    modelName: model.modelName,
    fallbacks: [...model.modelFallbacks],
    maxRetries: defaults.max_llm_retries,
    retryBackoffMs: defaults.llm_retry_backoff_secs * 1000,
  });
}

/**
 * The light model's client for complexity routing, or undefined when routing is off. When the light
 * model fails, its chain falls back to the primary model and its fallbacks: a simple message is never
 * lost because the cheap model is down.
 */
export function createLightModel(
  config: Config,
  model: AgentModel = defaultModel(config),
): { provider: Provider; routing: ComplexityRouting } | undefined {
  const defaults = config.agents.defaults;
  const routing = defaults.routing;
  if (!routing.enabled || !routing.light_model || !model.modelName) return undefined;
  const provider = createModelClient({
    modelList: config.model_list,
    modelName: routing.light_model,
    fallbacks: [model.modelName, ...model.modelFallbacks].filter((m) => m !== routing.light_model),
    maxRetries: defaults.max_llm_retries,
    retryBackoffMs: defaults.llm_retry_backoff_secs * 1000,
  });
  return { provider, routing: { lightModel: routing.light_model, threshold: routing.threshold } };
}

/** Builds every agent (see agent-specs.ts) and, with more than one, the dispatcher in front of them. */
export async function createAgentRuntime(options: AgentRuntimeOptions): Promise<AgentRuntime> {
  const { config, env } = options;
  const specs = await resolveAgentSpecs(config, workspaceOf(config, env), env);
  const route = routeConfigOf(config);
  const multi = specs.length > 1;
  const built: AgentRuntime[] = [];
  const dispatched: DispatchedAgent[] = [];
  for (const spec of specs) {
    const inbound = multi ? agentQueue(spec.id) : undefined;
    const offline = await options.offlineQueue?.(spec.id, spec.isDefault);
    const agent = createAgent(options, spec, route, inbound, offline);
    built.push(agent);
    if (inbound) dispatched.push({ id: spec.id, loop: agent.loop, inbound });
  }
  const main = built[0] as AgentRuntime;
  if (!multi) return main;
  return { ...main, loop: createAgentDispatcher(options.bus, route, dispatched) };
}

/** Builds provider, tools and loop of one agent. */
function createAgent(
  options: AgentRuntimeOptions,
  spec: AgentSpec,
  route: RouteConfig,
  inbound: AgentLoopDeps["inbound"],
  offline: AgentLoopDeps["offline"],
): AgentRuntime {
  const { config, bus, env } = options;
  const defaults = config.agents.defaults;
  const workspace = spec.workspace;
  const provider = createProvider(config, spec);
  const globalSkills = join(resolvePaths(env).home, "skills");
  // The prompt lists global skills by location and the model reads them on demand with read_file,
  // so their folder is readable (never writable) even when tools are restricted to the workspace.
  const toolsConfig = {
    ...config.tools,
    allow_read_paths: [...(config.tools.allow_read_paths ?? []), globalSkills],
  };
  const builtins = createBuiltinTools({
    workspace,
    restrictToWorkspace: defaults.restrict_to_workspace,
    tools: toolsConfig,
    publish: (message) => bus.publishOutbound(message),
    spawn: options.platform.spawn,
  });
  const cron =
    config.tools.cron?.enabled === false
      ? []
      : [
          createCronTool({
            allowCommand: config.tools.cron?.allow_command,
            execEnabled: config.tools.exec?.enabled !== false,
            onJobsChanged: options.onCronChanged,
          }),
        ];
  const media = options.media;
  const sendFile =
    media && config.tools.send_file?.enabled !== false
      ? [
          createSendFileTool({
            fs: {
              workspace,
              restrictToWorkspace: defaults.restrict_to_workspace,
              allowReadPaths: toolsConfig.allow_read_paths,
              allowWritePaths: config.tools.allow_write_paths ?? [],
            },
            media,
            publishMedia: (message) => bus.publishOutboundMedia(message),
            maxBytes: defaults.max_media_size,
          }),
        ]
      : [];
  // The spawn tool runs sub-turns with the same registry it belongs to, hence the getter.
  let spawnRegistry: ToolRegistry | undefined;
  const subturn = defaults.subturn;
  const spawn =
    provider && config.tools.spawn?.enabled !== false
      ? [
          createSpawnTool({
            bus,
            provider,
            tools: () => spawnRegistry as ToolRegistry,
            workspace,
            limits: {
              maxTokens: defaults.max_tokens,
              contextWindow: defaults.context_window || defaults.max_tokens * 4,
              maxToolIterations: defaults.max_tool_iterations,
            },
            maxDepth: subturn.max_depth,
            maxConcurrent: subturn.max_concurrent,
            timeoutMs: subturn.default_timeout_minutes * 60_000,
            signal: options.signal,
          }),
        ]
      : [];
  const allowed = spec.tools;
  const all = [...builtins, ...sendFile, ...cron, ...spawn, ...(options.extraTools ?? [])];
  const tools = createToolRegistry(
    allowed ? all.filter((t) => allowed.includes(t.definition.name.toLowerCase())) : all,
    {
      secrets: collectSecrets(config),
      filterMinLength: effectiveFilterMinLength(config.tools.filter_min_length),
    },
  );
  spawnRegistry = tools;
  const loop = createAgentLoop({
    bus,
    provider,
    tools: tools,
    workspace,
    noModelReply: describeNoModel(),
    defaults: {
      maxTokens: defaults.max_tokens,
      contextWindow: defaults.context_window,
      ...(defaults.temperature !== null ? { temperature: defaults.temperature } : {}),
      maxToolIterations: defaults.max_tool_iterations,
      summarizeMessageThreshold: defaults.summarize_message_threshold,
      summarizeTokenPercent: defaults.summarize_token_percent,
      steeringMode: defaults.steering_mode,
      maxParallelTurns: defaults.max_parallel_turns,
    },
    inbound,
    route,
    listSkills: async () => {
      const skills = await listSkills({ workspace, globalDir: globalSkills });
      const only = spec.skills;
      return only ? skills.filter((s) => only.includes(s.name.toLowerCase())) : skills;
    },
    streamSink: options.streamSink,
    light: createLightModel(config, spec),
    offline,
  });
  return { loop, provider, tools, workspace, modelName: spec.modelName };
}

/**
 * One spec per agent in `agents.list` (or the implicit "main" agent when the list is empty), resolved as
 * PicoClaw's NewAgentInstance does: workspace (entry, else the default workspace for the default/main
 * agent, else `workspace-<id>` beside it), model (AGENT.md `model`, else the entry's, else the default),
 * skills filter (AGENT.md `skills`, else the entry's) and the tool allow-list from AGENT.md `tools`.
 */
import { dirname, join } from "node:path";
import { normalizeAgentId } from "../agent/routing/normalize-id.ts";
import { defaultAgentId } from "../agent/routing/resolve-route.ts";
import type { RouteConfig } from "../agent/routing/route-config.ts";
import { readAgentDefinition } from "../agent/skills/agent-definition.ts";
import { type Config, expandHome } from "../config/index.ts";

/** Everything that differs between agents. */
export interface AgentSpec {
  id: string;
  isDefault: boolean;
  workspace: string;
  /** "" when no model is configured for this agent. */
  modelName: string;
  modelFallbacks: string[];
  /** Undefined: every skill; otherwise only these names. */
  skills: string[] | undefined;
  /** Undefined: every tool; otherwise only these names (AGENT.md `tools`). */
  tools: string[] | undefined;
}

/** Resolves every agent; the default agent comes first. */
export async function resolveAgentSpecs(
  config: Config,
  defaultWorkspace: string,
  env: Record<string, string | undefined>,
): Promise<AgentSpec[]> {
  const defaults = config.agents.defaults;
  const entries = config.agents.list.length > 0 ? config.agents.list : [{ id: "main", default: true }];
  const defaultId = defaultAgentId({ agents: config.agents.list });
  const specs: AgentSpec[] = [];
  for (const entry of entries) {
    const id = normalizeAgentId(entry.id);
    if (specs.some((s) => s.id === id)) continue;
    const isDefault = id === defaultId;
    const configured = "workspace" in entry ? (entry.workspace ?? "").trim() : "";
    const workspace = configured
      ? expandHome(configured, env)
      : isDefault || id === "main"
        ? defaultWorkspace
        : join(dirname(defaultWorkspace), `workspace-${id}`);
    const definition = await readAgentDefinition(workspace);
    const model = "model" in entry ? entry.model : undefined;
    const primary = definition.model ?? model?.primary.trim() ?? "";
    const entrySkills = "skills" in entry && entry.skills.length > 0 ? entry.skills : undefined;
    specs.push({
      id,
      isDefault,
      workspace,
      modelName: primary || defaults.model_name,
      modelFallbacks: primary ? (model?.fallbacks ?? []) : defaults.model_fallbacks,
      skills: definition.skills ?? entrySkills,
      tools: definition.tools,
    });
  }
  return specs.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** What routing reads from the config: agents, dispatch rules (with their own session dimensions), session. */
export function routeConfigOf(config: Config): RouteConfig {
  return {
    agents: config.agents.list,
    rules: config.agents.dispatch.rules.map((rule) => ({
      name: rule.name,
      agent: rule.agent,
      when: rule.when,
      sessionDimensions: rule.session_dimensions,
    })),
    dimensions: config.session.dimensions,
    identityLinks: config.session.identity_links,
  };
}

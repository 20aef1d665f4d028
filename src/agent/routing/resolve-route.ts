/** Picks the agent for an inbound message: the first matching dispatch rule, else the default agent. */
import type { MessageContext } from "../../bus/message.ts";
import { canonicalSenderId } from "./identity-link.ts";
import { DEFAULT_AGENT_ID, normalizeAccountId, normalizeAgentId } from "./normalize-id.ts";
import type {
  DispatchRule,
  DispatchSelector,
  ResolvedRoute,
  RouteConfig,
  SessionPolicy,
} from "./route-config.ts";

const DIMENSIONS = new Set(["space", "chat", "topic", "sender"]);

/** Routes one message. Never throws; unknown rule agents fall back to the default agent. */
export function resolveRoute(config: RouteConfig, context: MessageContext): ResolvedRoute {
  const channel = context.channel.trim().toLowerCase();
  const accountId = normalizeAccountId(context.account);
  const view = dispatchView(context, config.identityLinks);
  const rule = config.rules?.find((r) => hasConstraint(r.when) && matches(r.when, view));
  if (rule) {
    const name = rule.name?.trim().toLowerCase() ?? "";
    return {
      agentId: pickAgent(config, rule.agent),
      channel,
      accountId,
      policy: policyFor(config, rule),
      matchedBy: name === "" ? "dispatch.rule" : `dispatch.rule:${name}`,
    };
  }
  return {
    agentId: defaultAgentId(config),
    channel,
    accountId,
    policy: policyFor(config),
    matchedBy: "default",
  };
}

/** The agent flagged `default`, else the first listed, else "main". */
export function defaultAgentId(config: RouteConfig): string {
  const agents = config.agents ?? [];
  const flagged = agents.find((a) => a.default && a.id.trim() !== "");
  const chosen = flagged?.id ?? agents[0]?.id ?? "";
  return chosen.trim() === "" ? DEFAULT_AGENT_ID : normalizeAgentId(chosen);
}

function pickAgent(config: RouteConfig, agent: string): string {
  if (agent.trim() === "") return defaultAgentId(config);
  const id = normalizeAgentId(agent);
  const agents = config.agents ?? [];
  if (agents.length === 0 || agents.some((a) => normalizeAgentId(a.id) === id)) return id;
  return defaultAgentId(config);
}

function policyFor(config: RouteConfig, rule?: DispatchRule): SessionPolicy {
  const source = rule?.sessionDimensions?.length ? rule.sessionDimensions : (config.dimensions ?? []);
  const dimensions: string[] = [];
  for (const raw of source) {
    const d = raw.trim().toLowerCase();
    if (DIMENSIONS.has(d) && !dimensions.includes(d)) dimensions.push(d);
  }
  return { dimensions, identityLinks: config.identityLinks };
}

interface DispatchView {
  channel: string;
  account: string;
  space: string;
  chat: string;
  topic: string;
  sender: string;
  mentioned: boolean;
}

function dispatchView(
  context: MessageContext,
  links: Readonly<Record<string, readonly string[]>> | undefined,
): DispatchView {
  const spaceId = context.spaceId?.trim() ?? "";
  const chatId = context.chatId.trim();
  const topicId = context.topicId?.trim() ?? "";
  return {
    channel: context.channel.trim().toLowerCase(),
    account: normalizeAccountId(context.account),
    space: spaceId ? `${context.spaceType?.trim().toLowerCase() || "space"}:${spaceId.toLowerCase()}` : "",
    chat: chatId ? `${context.chatType?.trim().toLowerCase() || "direct"}:${chatId.toLowerCase()}` : "",
    topic: topicId ? `topic:${topicId.toLowerCase()}` : "",
    sender: canonicalSenderId(context.channel, context.senderId, links),
    mentioned: context.mentioned === true,
  };
}

function hasConstraint(when: DispatchSelector): boolean {
  const fields = [when.channel, when.account, when.space, when.chat, when.topic, when.sender];
  return fields.some((f) => (f ?? "").trim() !== "") || when.mentioned !== undefined;
}

function matches(when: DispatchSelector, view: DispatchView): boolean {
  const lower = (value: string | undefined) => (value ?? "").trim().toLowerCase();
  if (lower(when.channel) && lower(when.channel) !== view.channel) return false;
  // Go normalises an absent account to "default", so a rule without `account` matches only the default
  // account; we keep "absent matches any" because that is what the selector means.
  if (lower(when.account) && normalizeAccountId(when.account) !== view.account) return false;
  if (lower(when.space) && lower(when.space) !== view.space) return false;
  if (lower(when.chat) && lower(when.chat) !== view.chat) return false;
  if (lower(when.topic) && lower(when.topic) !== view.topic) return false;
  if (lower(when.sender) && lower(when.sender) !== view.sender) return false;
  return when.mentioned === undefined || when.mentioned === view.mentioned;
}

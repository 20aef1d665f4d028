/** The slice of config routing reads: `agents.list`, `agents.dispatch.rules` and `session` (camelCase). */

/** One `agents.list[]` entry, as far as routing cares. */
export interface AgentEntry {
  id: string;
  default?: boolean | undefined;
}

/** `agents.dispatch.rules[].when`: every set field must match. */
export interface DispatchSelector {
  channel?: string | undefined;
  account?: string | undefined;
  space?: string | undefined;
  chat?: string | undefined;
  topic?: string | undefined;
  sender?: string | undefined;
  mentioned?: boolean | undefined;
}

/** One dispatch rule; rules are tried in order and the first match wins. */
export interface DispatchRule {
  name?: string | undefined;
  agent: string;
  when: DispatchSelector;
  sessionDimensions?: readonly string[] | undefined;
}

/** Everything route resolution reads. */
export interface RouteConfig {
  agents?: readonly AgentEntry[] | undefined;
  rules?: readonly DispatchRule[] | undefined;
  /** `session.dimensions`; PicoClaw's default is ["chat"]. */
  dimensions?: readonly string[] | undefined;
  /** `session.identity_links`: canonical name → ids that are the same person. */
  identityLinks?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** How a routed message maps onto a session. */
export interface SessionPolicy {
  dimensions: string[];
  identityLinks: Readonly<Record<string, readonly string[]>> | undefined;
}

/** The result of routing one inbound message. */
export interface ResolvedRoute {
  agentId: string;
  channel: string;
  accountId: string;
  policy: SessionPolicy;
  /** "default", "dispatch.rule" or "dispatch.rule:<name>". */
  matchedBy: string;
}

/**
 * Picks the session of an inbound message: an explicit key (`sk_v1_…`, `agent:…`) is used verbatim;
 * otherwise the routed scope's key, with any non-explicit given key (e.g. `cli:default`) kept as an alias.
 */
import type { InboundMessage, MessageContext } from "../../bus/message.ts";
import { allocateSession } from "../routing/allocate-session.ts";
import { resolveRoute } from "../routing/resolve-route.ts";
import type { RouteConfig } from "../routing/route-config.ts";
import { isExplicitSessionKey } from "../routing/session-key.ts";
import type { SessionStore } from "../session/session-store.ts";

/** PicoClaw's default `session.dimensions`. */
const DEFAULT_ROUTE: RouteConfig = { dimensions: ["chat"] };

/** Resolves (and records scope and aliases for) the session key of `message`. */
export async function resolveSessionKey(
  store: SessionStore,
  route: RouteConfig | undefined,
  message: InboundMessage,
): Promise<string> {
  const given = message.sessionKey?.trim() ?? "";
  if (given !== "" && isExplicitSessionKey(given)) return given;
  const allocation = routeOf(route, message.context);
  const aliases = given === "" ? allocation.aliases : [given, ...allocation.aliases];
  await store.ensureMeta(allocation.sessionKey, allocation.scope, aliases);
  return allocation.sessionKey;
}

/** The agent and session scope `context` routes to (what a reply to it carries). */
export function replyRoute(route: RouteConfig | undefined, context: MessageContext) {
  const allocation = routeOf(route, context);
  return { agentId: allocation.scope.agentId, scope: allocation.scope };
}

function routeOf(route: RouteConfig | undefined, context: MessageContext) {
  const routed = resolveRoute(route ?? DEFAULT_ROUTE, context);
  return allocateSession(routed.agentId, context, routed.policy);
}

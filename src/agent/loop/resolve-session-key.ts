/**
 * Picks the session of an inbound message: an explicit key (`sk_v1_…`, `agent:…`) is used verbatim;
 * otherwise the routed scope's key, with any non-explicit given key (e.g. `cli:default`) kept as an alias.
 */
import type { InboundMessage, MessageContext } from "../../bus/message.ts";
import { allocateSession, type SessionAllocation } from "../routing/allocate-session.ts";
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

/** Chats remembered per route config: each message resolved its route twice (key, then reply). */
const ROUTE_CACHE = 512;
const routeCaches = new WeakMap<RouteConfig, Map<string, SessionAllocation>>();

/** Every context field routing and allocation read (undefined kept apart from ""). */
function routeInputs(context: MessageContext): string {
  const f = (value: string | undefined) => (value === undefined ? "\u0001" : value);
  return [
    context.channel,
    f(context.account),
    f(context.spaceType),
    f(context.spaceId),
    f(context.chatType),
    context.chatId,
    f(context.topicId),
    f(context.senderId),
    context.mentioned === true ? "1" : "",
  ].join("\u0000");
}

function deepFreeze(allocation: SessionAllocation): SessionAllocation {
  Object.freeze(allocation.scope.dimensions);
  Object.freeze(allocation.scope.values);
  Object.freeze(allocation.scope);
  Object.freeze(allocation.aliases);
  Object.freeze(allocation.mainAliases);
  return Object.freeze(allocation);
}

/** The (frozen, shared) allocation of `context`; a pure function of the context fields and the config. */
function routeOf(route: RouteConfig | undefined, context: MessageContext): SessionAllocation {
  const config = route ?? DEFAULT_ROUTE;
  let cache = routeCaches.get(config);
  if (!cache) {
    cache = new Map();
    routeCaches.set(config, cache);
  }
  const inputs = routeInputs(context);
  const known = cache.get(inputs);
  if (known) {
    cache.delete(inputs);
    cache.set(inputs, known);
    return known;
  }
  const routed = resolveRoute(config, context);
  const allocation = deepFreeze(allocateSession(routed.agentId, context, routed.policy));
  cache.set(inputs, allocation);
  if (cache.size > ROUTE_CACHE) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return allocation;
}

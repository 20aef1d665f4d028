/** Conformance adapter: session keys, agent/account id normalisation and dispatch routing (src/agent/routing). */
import { expect } from "bun:test";
import { allocateSession } from "../../src/agent/routing/allocate-session.ts";
import { normalizeAccountId, normalizeAgentId } from "../../src/agent/routing/normalize-id.ts";
import { resolveRoute } from "../../src/agent/routing/resolve-route.ts";
import type { AgentEntry, DispatchRule, RouteConfig } from "../../src/agent/routing/route-config.ts";
import {
  buildLegacyDirectAliases,
  buildLegacyPeerAlias,
  buildMainSessionKey,
  buildOpaqueSessionKey,
  isExplicitSessionKey,
  isOpaqueSessionKey,
  parseLegacyAgentSessionKey,
  resolveSessionAgentId,
} from "../../src/agent/routing/session-key.ts";
import type { MessageContext } from "../../src/bus/message.ts";
import type { ConformanceAdapter, VectorFields } from "./adapter.ts";
import { resolveString } from "./strings.ts";

type Json = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function toContext(raw: unknown): MessageContext {
  const c = (raw ?? {}) as Json;
  const chatType = str(c["ChatType"]);
  return {
    channel: str(c["Channel"]),
    chatId: str(c["ChatID"]),
    account: str(c["Account"]) || undefined,
    chatType: chatType === "direct" || chatType === "group" || chatType === "channel" ? chatType : undefined,
    topicId: str(c["TopicID"]) || undefined,
    spaceId: str(c["SpaceID"]) || undefined,
    spaceType: str(c["SpaceType"]) || undefined,
    senderId: str(c["SenderID"]) || undefined,
    mentioned: c["Mentioned"] === true,
  };
}

function sessionKeyCase(vector: VectorFields): void {
  const input = vector.input;
  const want = vector.expect;
  switch (input["fn"]) {
    case "IsExplicitSessionKey":
      expect(isExplicitSessionKey(str(input["key"]))).toBe(want["result"] as boolean);
      return;
    case "ParseLegacyAgentSessionKey": {
      const parsed = parseLegacyAgentSessionKey(str(input["key"]));
      expect(parsed).toEqual({ agentId: str(want["AgentID"]), rest: str(want["Rest"]) });
      return;
    }
    case "BuildLegacyDirectAliases":
      expect(
        buildLegacyDirectAliases(
          str(input["agentID"]),
          str(input["channel"]),
          str(input["account"]),
          str(input["peerID"]),
        ),
      ).toEqual(want["result"] as string[]);
      return;
    case "BuildLegacyPeerAlias":
      expect(
        buildLegacyPeerAlias(
          str(input["agentID"]),
          str(input["channel"]),
          str(input["peerKind"]),
          str(input["peerID"]),
        ),
      ).toBe(str(want["result"]));
      return;
    case "BuildMainSessionKey": {
      const key = buildMainSessionKey(str(input["agentID"]));
      const equals = want["equals"] as Json;
      if (equals["fn"] !== "BuildOpaqueSessionKey")
        throw new Error(`expect.equals.fn ${String(equals["fn"])} is not mapped`);
      expect(key).toBe(buildOpaqueSessionKey(str(equals["alias"])));
      if ("is_opaque" in want) expect(isOpaqueSessionKey(key)).toBe(want["is_opaque"] as boolean);
      return;
    }
    case "ResolveAgentID": {
      const stored = input["stored_scope"] as Json | null;
      const scope = stored
        ? {
            version: 1 as const,
            agentId: str(stored["AgentID"]),
            channel: str(stored["Channel"]),
            account: "",
            dimensions: [],
            values: {},
          }
        : undefined;
      expect(resolveSessionAgentId(scope, str(input["key"]))).toBe(str(want["result"]));
      return;
    }
    case "AllocateRouteSession": {
      const dimensions = input["dimensions"] as string[];
      const alloc = allocateSession(str(input["agentID"]), toContext(input["context"]), {
        dimensions,
        identityLinks: undefined,
      });
      expect(isOpaqueSessionKey(alloc.sessionKey)).toBe(want["SessionKey_is_opaque"] as boolean);
      expect(alloc.aliases).toContain(str(want["SessionAliases_contains"]));
      expect(alloc.mainAliases).toEqual(want["MainAliases"] as string[]);
      expect(alloc.scope.dimensions).toEqual(want["Scope.Dimensions"] as string[]);
      expect(alloc.scope.values["chat"]).toBe(str(want["Scope.Values.chat"]));
      return;
    }
    case "BuildOpaqueSessionKey": {
      const a = buildOpaqueSessionKey(str(input["alias"]));
      if (input["called_twice"] === true) {
        expect(a === buildOpaqueSessionKey(str(input["alias"]))).toBe(want["equal_results"] as boolean);
      } else if ("called_twice" in input || "equal_results" in want) {
        throw new Error("expect.equal_results needs input.called_twice: true");
      }
      expect(isOpaqueSessionKey(a)).toBe(want["is_opaque"] as boolean);
      return;
    }
    default:
      throw new Error(`unhandled fn ${String(input["fn"])}`);
  }
}

function normalizeCase(vector: VectorFields): void {
  const id = resolveString(vector.input["id"]);
  const result = vector.input["fn"] === "NormalizeAccountID" ? normalizeAccountId(id) : normalizeAgentId(id);
  if ("result" in vector.expect) expect(result).toBe(str(vector.expect["result"]));
  if ("max_length" in vector.expect)
    expect(result.length).toBeLessThanOrEqual(vector.expect["max_length"] as number);
}

function routeCase(vector: VectorFields): void {
  const input = vector.input;
  const agents = ((input["agents_list"] as Json[] | null) ?? []).map(
    (a): AgentEntry => ({ id: str(a["id"]), default: a["default"] === true }),
  );
  const rules = ((input["dispatch.rules"] as Json[] | undefined) ?? []).map(
    (r): DispatchRule => ({
      name: str(r["name"]),
      agent: str(r["agent"]),
      when: r["when"] as DispatchRule["when"],
    }),
  );
  const config: RouteConfig = {
    agents,
    rules,
    dimensions: (input["session.dimensions"] as string[] | undefined) ?? [],
  };
  const route = resolveRoute(config, toContext(input["context"]));
  const want = vector.expect;
  if ("AgentID" in want) expect(route.agentId).toBe(str(want["AgentID"]));
  if ("MatchedBy" in want) expect(route.matchedBy).toBe(str(want["MatchedBy"]));
  if ("Channel" in want) expect(route.channel).toBe(str(want["Channel"]));
  if ("AccountID" in want) expect(route.accountId).toBe(str(want["AccountID"]));
  if ("SessionPolicy.Dimensions" in want)
    expect(route.policy.dimensions).toEqual(want["SessionPolicy.Dimensions"] as string[]);
  if ("SessionPolicy.IdentityLinks" in want)
    expect(route.policy.identityLinks ?? null).toEqual(
      want["SessionPolicy.IdentityLinks"] as Record<string, string[]> | null,
    );
}

const adapter: ConformanceAdapter = {
  groups: ["Session key building", "NormalizeAgentID / NormalizeAccountID", "ResolveRoute (agent dispatch)"],
  run(vector, group) {
    if (group === "Session key building") sessionKeyCase(vector);
    else if (group === "ResolveRoute (agent dispatch)") routeCase(vector);
    else normalizeCase(vector);
  },
};

export default adapter;

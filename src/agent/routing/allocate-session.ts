/**
 * Maps a routed message onto its session: a scope over the policy's dimensions, the opaque key of that
 * scope, and the legacy aliases kept in the meta file so old `agent:` keys still find the session.
 */
import type { MessageContext } from "../../bus/message.ts";
import { canonicalSenderId } from "./identity-link.ts";
import { normalizeAccountId, normalizeAgentId } from "./normalize-id.ts";
import type { SessionPolicy } from "./route-config.ts";
import {
  buildLegacyDirectAliases,
  buildLegacyMainAlias,
  buildLegacyPeerAlias,
  buildOpaqueSessionKey,
  type SessionScope,
  sessionKeyForScope,
} from "./session-key.ts";

/** The session chosen for one routed message. */
export interface SessionAllocation {
  scope: SessionScope;
  sessionKey: string;
  aliases: string[];
  mainSessionKey: string;
  mainAliases: string[];
}

/** Builds the scope, key and aliases for a message routed to `agentId`. */
export function allocateSession(
  agentId: string,
  context: MessageContext,
  policy: SessionPolicy,
): SessionAllocation {
  const scope = buildScope(agentId, context, policy);
  const mainAlias = buildLegacyMainAlias(agentId);
  return {
    scope,
    sessionKey: sessionKeyForScope(scope),
    aliases: legacyAliases(agentId, context, policy),
    mainSessionKey: buildOpaqueSessionKey(mainAlias),
    mainAliases: [mainAlias],
  };
}

/** The session key of a message (the one-call form of allocateSession). */
export function sessionKeyFor(agentId: string, context: MessageContext, policy: SessionPolicy): string {
  return allocateSession(agentId, context, policy).sessionKey;
}

function buildScope(agentId: string, context: MessageContext, policy: SessionPolicy): SessionScope {
  const dimensions: string[] = [];
  const values: Record<string, string> = {};
  const put = (dimension: string, value: string) => {
    dimensions.push(dimension);
    values[dimension] = value;
  };
  const topicId = context.topicId?.trim() ?? "";
  // Telegram forum topics stay separate sessions even when "topic" is not a configured dimension.
  const topicInChat =
    context.channel.trim().toLowerCase() === "telegram" &&
    topicId !== "" &&
    !policy.dimensions.includes("topic");
  for (const dimension of policy.dimensions) {
    if (dimension === "space") {
      const spaceId = context.spaceId?.trim() ?? "";
      if (spaceId)
        put("space", `${context.spaceType?.trim().toLowerCase() || "space"}:${spaceId.toLowerCase()}`);
    } else if (dimension === "chat") {
      let chatId = context.chatId.trim();
      if (chatId === "") continue;
      if (topicInChat) chatId = `${chatId}/${topicId}`;
      put("chat", `${context.chatType?.trim().toLowerCase() || "direct"}:${chatId.toLowerCase()}`);
    } else if (dimension === "topic") {
      if (topicId) put("topic", `topic:${topicId.toLowerCase()}`);
    } else if (dimension === "sender") {
      const sender = canonicalSenderId(context.channel, context.senderId, policy.identityLinks);
      if (sender) put("sender", sender);
    }
  }
  return {
    version: 1,
    agentId: normalizeAgentId(agentId),
    channel: context.channel.trim().toLowerCase() || "unknown",
    account: normalizeAccountId(context.account),
    dimensions,
    values,
  };
}

function legacyAliases(agentId: string, context: MessageContext, policy: SessionPolicy): string[] {
  const aliases = [buildLegacyMainAlias(agentId)];
  if (context.chatType?.trim().toLowerCase() === "direct") {
    const sender = context.senderId?.trim().toLowerCase() ?? "";
    const peers = [sender, canonicalSenderId(context.channel, context.senderId, policy.identityLinks)];
    peers.push(context.chatId.trim().toLowerCase());
    for (const peer of peers) {
      if (peer)
        aliases.push(...buildLegacyDirectAliases(agentId, context.channel, context.account ?? "", peer));
    }
  } else {
    let peer = context.chatId.trim();
    const topicId = context.topicId?.trim() ?? "";
    if (peer !== "") {
      if (topicId) peer = `${peer}/${topicId}`;
      aliases.push(buildLegacyPeerAlias(agentId, context.channel, context.chatType ?? "", peer));
    }
  }
  return [...new Set(aliases.map((a) => a.trim().toLowerCase()).filter((a) => a !== ""))];
}

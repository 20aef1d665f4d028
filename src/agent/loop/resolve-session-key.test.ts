import { describe, expect, test } from "bun:test";
import type { MessageContext } from "../../bus/message.ts";
import { allocateSession } from "../routing/allocate-session.ts";
import { resolveRoute } from "../routing/resolve-route.ts";
import type { RouteConfig } from "../routing/route-config.ts";
import { replyRoute } from "./resolve-session-key.ts";

const base: MessageContext = { channel: "pico", chatId: "pico:c1", chatType: "direct", senderId: "u1" };
const route: RouteConfig = { dimensions: ["chat", "sender"] };

function fresh(r: RouteConfig, context: MessageContext) {
  const routed = resolveRoute(r, context);
  return allocateSession(routed.agentId, context, routed.policy);
}

describe("replyRoute (remembered per chat)", () => {
  test("a remembered route equals a fresh resolution, for every field that routing reads", () => {
    const variants: MessageContext[] = [
      base,
      { ...base },
      { ...base, senderId: "u2" },
      { ...base, chatType: "group" },
      { ...base, chatId: "pico:c2" },
      { ...base, account: "" },
      { ...base, account: "work" },
      { ...base, topicId: "t" },
      { ...base, channel: "telegram", topicId: "t" },
      { ...base, spaceId: "s", spaceType: "guild" },
      { ...base, mentioned: true },
    ];
    for (let round = 0; round < 2; round++)
      for (const context of variants) {
        const expected = fresh(route, context);
        expect(replyRoute(route, context)).toEqual({
          agentId: expected.scope.agentId,
          scope: expected.scope,
        });
      }
  });

  test("the same chat gets the same frozen scope; changing it throws", () => {
    const a = replyRoute(route, { ...base });
    const b = replyRoute(route, { ...base });
    expect(b.scope).toBe(a.scope);
    expect(() => {
      (a.scope as { channel: string }).channel = "x";
    }).toThrow();
  });

  test("another route config is resolved on its own", () => {
    const other: RouteConfig = { dimensions: ["chat"] };
    expect(replyRoute(other, base).scope).toEqual(fresh(other, base).scope);
    expect(replyRoute(other, base).scope).not.toEqual(replyRoute(route, base).scope);
  });
});

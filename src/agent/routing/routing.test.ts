import { describe, expect, test } from "bun:test";
import type { MessageContext } from "../../bus/message.ts";
import { allocateSession, sessionKeyFor } from "./allocate-session.ts";
import { resolveRoute } from "./resolve-route.ts";
import { buildOpaqueSessionKey, scopeSignature, sessionFileStem } from "./session-key.ts";

const dm: MessageContext = { channel: "Telegram", chatId: "123", chatType: "direct", senderId: "u1" };

describe("session keys", () => {
  test("are sk_v1_ plus sha256 of the lowercased scope signature", () => {
    const alloc = allocateSession("main", dm, { dimensions: ["chat"], identityLinks: undefined });
    expect(scopeSignature(alloc.scope)).toBe(
      "v=1|agent=main|channel=telegram|account=default|chat=direct:123",
    );
    expect(alloc.sessionKey).toBe(
      buildOpaqueSessionKey("v=1|agent=main|channel=telegram|account=default|chat=direct:123"),
    );
    expect(alloc.sessionKey).toMatch(/^sk_v1_[0-9a-f]{64}$/);
  });

  test("telegram forum topics stay separate unless topic is its own dimension", () => {
    const topic = { ...dm, chatType: "group" as const, topicId: "7" };
    expect(
      allocateSession("main", topic, { dimensions: ["chat"], identityLinks: undefined }).scope.values["chat"],
    ).toBe("group:123/7");
    const both = allocateSession("main", topic, { dimensions: ["chat", "topic"], identityLinks: undefined });
    expect(both.scope.values).toEqual({ chat: "group:123", topic: "topic:7" });
  });

  test("identity links merge one person's sender sessions across channels", () => {
    const links = { ana: ["telegram:u1", "discord:99"] };
    const a = sessionKeyFor("main", dm, { dimensions: ["sender"], identityLinks: links });
    const b = sessionKeyFor(
      "main",
      { channel: "discord", chatId: "x", senderId: "99" },
      { dimensions: ["sender"], identityLinks: links },
    );
    expect(
      allocateSession("main", dm, { dimensions: ["sender"], identityLinks: links }).scope.values["sender"],
    ).toBe("ana");
    expect(a).not.toBe(b); // channel is part of the scope
  });

  test("file stems replace : / and \\", () => {
    expect(sessionFileStem("agent:main:tg/1\\2")).toBe("agent_main_tg_1_2");
  });
});

describe("resolveRoute", () => {
  test("first matching rule wins and its session dimensions apply", () => {
    const route = resolveRoute(
      {
        agents: [{ id: "main", default: true }, { id: "sales" }, { id: "ops" }],
        rules: [
          {
            name: "Sales",
            agent: "sales",
            when: { channel: "telegram", chat: "direct:123" },
            sessionDimensions: ["sender"],
          },
          { agent: "ops", when: { channel: "telegram" } },
        ],
        dimensions: ["chat"],
      },
      dm,
    );
    expect(route).toMatchObject({ agentId: "sales", matchedBy: "dispatch.rule:sales" });
    expect(route.policy.dimensions).toEqual(["sender"]);
  });

  test("a rule naming an unknown agent falls back to the default agent", () => {
    const route = resolveRoute(
      { agents: [{ id: "main" }], rules: [{ agent: "ghost", when: { channel: "telegram" } }] },
      dm,
    );
    expect(route).toMatchObject({ agentId: "main", matchedBy: "dispatch.rule" });
  });
});

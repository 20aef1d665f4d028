import { describe, expect, test } from "bun:test";
import type { InboundMessage } from "../bus/message.ts";
import { createInboundPolicy } from "./inbound-policy.ts";

function inbound(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    context: { channel: "telegram", chatId: "42", senderId: "123", messageId: "m1" },
    sender: { platform: "telegram", platformId: "123", canonicalId: "telegram:123", username: "alice" },
    content: "hello",
    ...overrides,
  };
}

describe("createInboundPolicy", () => {
  test("admits a listed sender and rewrites the sender id to its canonical form", () => {
    const policy = createInboundPolicy("tg", ["123"], undefined);
    const out = policy.apply(inbound());
    expect(out?.context.senderId).toBe("telegram:123");
    expect(out?.context.channel).toBe("tg");
    expect(out?.mediaScope).toBe("tg:42:m1");
  });

  test("refuses a sender that is not on the list, structured or legacy", () => {
    const policy = createInboundPolicy("tg", ["999"], undefined);
    expect(policy.apply(inbound())).toBeUndefined();
    const legacy = inbound({
      sender: undefined,
      context: { channel: "tg", chatId: "1", senderId: "123|bob" },
    });
    expect(policy.apply(legacy)).toBeUndefined();
    expect(createInboundPolicy("tg", ["@bob"], undefined).apply(legacy)).toBeDefined();
  });

  test("an empty list admits everyone", () => {
    expect(createInboundPolicy("tg", [], undefined).apply(inbound())).toBeDefined();
  });

  test("applies the group trigger to group chats only, stripping the prefix", () => {
    const policy = createInboundPolicy("tg", [], { prefixes: ["/ask "] });
    const group = (content: string) =>
      inbound({ content, context: { channel: "tg", chatId: "g", chatType: "group", senderId: "123" } });
    expect(policy.apply(group("chatter"))).toBeUndefined();
    expect(policy.apply(group("/ask what time is it"))?.content).toBe("what time is it");
    expect(policy.apply(group("chatter"), { mentioned: true })?.content).toBe("chatter");
    expect(policy.apply(inbound({ content: "chatter" }))?.content).toBe("chatter");
    const mentionOnly = createInboundPolicy("tg", [], { mention_only: true });
    expect(mentionOnly.apply(inbound({ content: "hi" }), { isGroup: true })).toBeUndefined();
  });
});

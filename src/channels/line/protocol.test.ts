import { describe, expect, test } from "bun:test";
import { lineRetryKey } from "./api.ts";
import { isLineBotMentioned, parseLineWebhook, stripLineBotMention } from "./protocol.ts";
import { signLineBody, verifyLineSignature } from "./signature.ts";

const bot = { userId: "Ubot", displayName: "Pico" };

describe("verifyLineSignature", () => {
  test("accepts the HMAC of the exact body and nothing else", () => {
    const body = new TextEncoder().encode('{"events":[]}');
    const signature = signLineBody("s3cret", body);
    expect(verifyLineSignature("s3cret", body, signature)).toBe(true);
    expect(verifyLineSignature("other", body, signature)).toBe(false);
    expect(verifyLineSignature("s3cret", new TextEncoder().encode('{"events":[] }'), signature)).toBe(false);
    expect(verifyLineSignature("s3cret", body, null)).toBe(false);
    expect(verifyLineSignature("s3cret", body, "short")).toBe(false);
  });
});

describe("parseLineWebhook", () => {
  test("reads sources and message kinds, and refuses bodies without events", () => {
    const events = parseLineWebhook(
      JSON.stringify({
        events: [
          {
            type: "message",
            webhookEventId: "e1",
            replyToken: "r",
            source: { type: "room", roomId: "R1", userId: "U1" },
            message: { type: "sticker", id: "m1" },
          },
          { type: "follow", webhookEventId: "e2", source: { type: "user", userId: "U1" } },
        ],
      }),
    );
    expect(events).toMatchObject([
      { type: "message", source: { kind: "room", chatId: "R1", userId: "U1" }, message: { type: "sticker" } },
      { type: "other", kind: "follow" },
    ]);
    expect(parseLineWebhook("{}")).toBe("body has no events array");
    expect(parseLineWebhook("[")).toBe("body is not JSON");
  });
});

describe("mentions", () => {
  test("detects the bot by id, isSelf, @All or display name, and strips only its own mention", () => {
    const text = "@Pico hi @Ann 😀";
    const mentionees = [
      { type: "user" as const, index: 0, length: 5, userId: "", isSelf: true },
      { type: "user" as const, index: 9, length: 4, userId: "Uann", isSelf: false },
    ];
    expect(isLineBotMentioned(text, mentionees, bot)).toBe(true);
    expect(stripLineBotMention(text, mentionees, bot)).toBe("hi @Ann 😀");
    expect(isLineBotMentioned("hey all", [{ type: "all", index: 0, length: 4 }], bot)).toBe(true);
    expect(isLineBotMentioned("ping @Pico", [], bot)).toBe(true);
    expect(stripLineBotMention("ping @Pico", [], bot)).toBe("ping");
    expect(isLineBotMentioned("no one", [], bot)).toBe(false);
  });
});

describe("lineRetryKey", () => {
  test("is a stable UUID per reply id", () => {
    expect(lineRetryKey("a")).toBe(lineRetryKey("a"));
    expect(lineRetryKey("a")).not.toBe(lineRetryKey("b"));
    expect(lineRetryKey("a")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

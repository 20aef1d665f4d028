import { describe, expect, test } from "bun:test";
import { messageFrame, parseBridgeFrame } from "./protocol.ts";

describe("parseBridgeFrame", () => {
  test("reads message frames, defaulting chat to the sender, and status frames", () => {
    expect(
      parseBridgeFrame(
        '{"type":"message","id":"1","from":"a@s.whatsapp.net","content":"hi","media":["/t/x.jpg",3]}',
      ),
    ).toEqual({
      type: "message",
      id: "1",
      from: "a@s.whatsapp.net",
      chat: "a@s.whatsapp.net",
      content: "hi",
      fromName: "",
      media: ["/t/x.jpg"],
    });
    expect(parseBridgeFrame('{"type":"status","status":"connected"}')).toEqual({
      type: "status",
      status: "connected",
    });
    expect(parseBridgeFrame('{"type":"message","content":"x"}')).toBe("message without from");
    expect(parseBridgeFrame("{}")).toBe("frame without type");
  });

  test("writes the outbound message frame", () => {
    expect(JSON.parse(messageFrame("g@g.us", "yo"))).toEqual({
      type: "message",
      to: "g@g.us",
      content: "yo",
    });
  });
});

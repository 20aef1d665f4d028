import { describe, expect, test } from "bun:test";
import { slackEventToInbound } from "./inbound.ts";
import { parseEnvelope, parseSlackChatId, type SlackMessageEvent } from "./protocol.ts";

const self = { channelName: "slack", botUserId: "UBOT", teamId: "T1" };
const event = (over: Partial<SlackMessageEvent>): SlackMessageEvent => ({
  type: "message",
  user: "U1",
  text: "hello",
  channel: "C1",
  ts: "1.1",
  threadTs: "",
  botId: "",
  subtype: "",
  teamId: "",
  files: [],
  ...over,
});

describe("parseEnvelope", () => {
  test("reads events_api envelopes and keeps the id of malformed ones for the ack", () => {
    const ok = parseEnvelope(
      JSON.stringify({
        envelope_id: "e1",
        type: "events_api",
        payload: {
          team_id: "T9",
          event: { type: "app_mention", user: "U1", text: "x", channel: "C1", ts: "2.2" },
        },
      }),
    );
    expect(ok).toMatchObject({
      type: "events_api",
      envelopeId: "e1",
      event: { type: "app_mention", teamId: "T9" },
    });
    expect(parseEnvelope(JSON.stringify({ envelope_id: "e2", type: "events_api" }))).toEqual({
      type: "error",
      reason: "events_api without payload.event",
      envelopeId: "e2",
    });
    expect(parseEnvelope("nope")).toMatchObject({ type: "error", reason: "not JSON" });
    expect(parseEnvelope(JSON.stringify({ type: "disconnect", reason: "warning" }))).toEqual({
      type: "disconnect",
      reason: "warning",
    });
  });
});

describe("slackEventToInbound", () => {
  test("threads a mention under itself and strips the bot mention", () => {
    const inbound = slackEventToInbound(event({ type: "app_mention", text: "<@UBOT> hi" }), self);
    expect(inbound?.message.content).toBe("hi");
    expect(inbound?.message.context.chatId).toBe("C1/1.1");
    expect(inbound).toMatchObject({ isGroup: true, mentioned: true });
  });

  test("keeps a thread reply in its thread", () => {
    expect(slackEventToInbound(event({ threadTs: "0.5" }), self)?.message.context.chatId).toBe("C1/0.5");
  });

  test("drops bot messages, edits, own messages and the message twin of a mention", () => {
    expect(slackEventToInbound(event({ botId: "B1" }), self)).toBeUndefined();
    expect(slackEventToInbound(event({ subtype: "message_changed" }), self)).toBeUndefined();
    expect(slackEventToInbound(event({ user: "UBOT" }), self)).toBeUndefined();
    expect(slackEventToInbound(event({ text: "<@UBOT> hi" }), self)).toBeUndefined();
    expect(slackEventToInbound(event({ channel: "D1", text: "<@UBOT> hi" }), self)?.isGroup).toBe(false);
  });
});

describe("parseSlackChatId", () => {
  test("splits channel and thread", () => {
    expect(parseSlackChatId("C1/1.5")).toEqual({ channel: "C1", threadTs: "1.5" });
    expect(parseSlackChatId("D2")).toEqual({ channel: "D2", threadTs: "" });
  });
});

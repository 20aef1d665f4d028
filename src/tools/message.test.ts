import { describe, expect, test } from "bun:test";
import type { OutboundMessage } from "../bus/message.ts";
import { createMessageTool } from "./message.ts";
import { createSentTracker } from "./sent-tracker.ts";
import type { ToolContext } from "./tool.ts";

const context: ToolContext = {
  channel: "telegram",
  chatId: "42",
  sessionKey: "sk_1",
  workspace: "/ws",
  signal: new AbortController().signal,
  isInternal: false,
};

describe("message tool", () => {
  test("sends to the current chat by default and marks it sent", async () => {
    const published: OutboundMessage[] = [];
    const tracker = createSentTracker();
    const tool = createMessageTool({ publish: (m) => void published.push(m), trackerFor: () => tracker });
    const result = await tool.execute({ content: "working on it", reply_to_message_id: "7" }, context);
    expect(result).toEqual({ content: "Message sent to telegram:42" });
    expect(published).toEqual([
      {
        context: { channel: "telegram", chatId: "42", replyToMessageId: "7" },
        content: "working on it",
        kind: "final",
        sessionKey: "sk_1",
      },
    ]);
    expect(tracker.wasSent("telegram", "42")).toBe(true);
    expect(tracker.wasSent("telegram", "43")).toBe(false);
  });

  test("sends to another chat without claiming the current one", async () => {
    const published: OutboundMessage[] = [];
    const tracker = createSentTracker();
    const tool = createMessageTool({ publish: (m) => void published.push(m), trackerFor: () => tracker });
    await tool.execute({ content: "hi", channel: "discord", chat_id: "9" }, context);
    expect(published[0]?.context).toEqual({ channel: "discord", chatId: "9" });
    expect(published[0]?.sessionKey).toBeUndefined();
    expect(tracker.wasSent("telegram", "42")).toBe(false);
    expect(tracker.wasSent("discord", "9")).toBe(true);
  });

  test("a failed publish is an error result and is not marked", async () => {
    const tracker = createSentTracker();
    const tool = createMessageTool({
      publish: async () => {
        throw new Error("bus closed");
      },
      trackerFor: () => tracker,
    });
    const result = await tool.execute({ content: "hi" }, context);
    expect(result).toEqual({ content: "message not sent: bus closed", isError: true });
    expect(tracker.wasSent("telegram", "42")).toBe(false);
  });

  test("empty content is refused", async () => {
    const tool = createMessageTool({ publish: () => {} });
    expect((await tool.execute({ content: "  " }, context)).isError).toBe(true);
    expect((await tool.execute({}, context)).content).toBe("content is required");
  });

  test("tracker keys chat ids containing colons exactly", () => {
    const tracker = createSentTracker();
    tracker.markSent("a", "b:c");
    expect(tracker.wasSent("a:b", "c")).toBe(false);
    expect(tracker.wasSent("a", "b:c")).toBe(true);
  });
});

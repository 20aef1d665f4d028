/**
 * PicoClaw's outbound context rules on a real loop and bus: a reply keeps the inbound context (channel
 * and chat trimmed, raw copied), threads under the inbound message id, and carries the routed agent,
 * the session key and the session scope (including a dispatch rule's own session dimensions).
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../../bus/bus.ts";
import type { InboundMessage } from "../../bus/message.ts";
import { createScriptedProvider } from "../testing/scripted-provider.ts";
import { createTestTools } from "../testing/test-tools.ts";
import { createAgentLoop } from "./create-agent-loop.ts";

let ws: string;
let bus: MessageBus;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "reply-context-"));
  bus = new MessageBus();
});
afterEach(async () => {
  bus.close();
  await rm(ws, { recursive: true, force: true });
});

test("a reply carries reply-to id, the mirrored context, agent, session key and scope", async () => {
  const agent = createAgentLoop({
    bus,
    provider: createScriptedProvider([{ text: "done" }]),
    tools: createTestTools({}),
    workspace: ws,
    defaults: {},
    noModelReply: "no model",
    route: {
      agents: [{ id: "main", default: true }, { id: "ops" }],
      rules: [
        { agent: "ops", when: { channel: "slack", chat: "group:c9" }, sessionDimensions: ["chat", "sender"] },
      ],
      dimensions: ["chat"],
    },
  });
  const inbound: InboundMessage = {
    context: {
      channel: " slack ",
      chatId: " C9 ",
      chatType: "group",
      account: "work",
      senderId: "U1",
      messageId: "1700.1",
      topicId: "t1",
      raw: { team: "T1" },
    },
    content: "deploy",
  };
  await agent.handle(inbound);
  const out = await bus.outbound.take(AbortSignal.timeout(2000));
  expect(out?.context).toEqual({
    channel: "slack",
    chatId: "C9",
    chatType: "group",
    account: "work",
    senderId: "U1",
    topicId: "t1",
    replyToMessageId: "1700.1",
    raw: { team: "T1" },
  });
  expect(out?.context.raw).not.toBe(inbound.context.raw);
  expect(out?.agentId).toBe("ops");
  expect(out?.sessionKey).toMatch(/^sk_v1_[0-9a-f]{64}$/);
  expect(out?.scope).toEqual({
    version: 1,
    agentId: "ops",
    channel: "slack",
    account: "work",
    dimensions: ["chat", "sender"],
    values: { chat: "group:c9", sender: "u1" },
  });
});

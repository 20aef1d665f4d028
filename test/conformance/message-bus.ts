/**
 * Conformance adapter for MessageBus semantics (src/bus). Go's messages carry legacy top-level fields
 * (Channel, ChatID, SenderID, MessageID) mirrored from Context; ours carry only `context`, so the
 * mirror and backfill cases are checked on `context`, with Go JSON converted at this edge.
 */
import { expect } from "bun:test";
import { BusClosedError, MessageBus } from "../../src/bus/bus.ts";
import { type InboundMessage, type MessageContext, outboundContext } from "../../src/bus/message.ts";
import type { ConformanceAdapter } from "./adapter.ts";

type Json = Record<string, unknown>;

const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** Go InboundContext (or, without one, the legacy top-level fields) → our MessageContext. */
function toContext(message: Json): MessageContext {
  const go = (message["Context"] ?? message) as Json;
  const chatType = str(go["ChatType"]);
  return {
    channel: str(go["Channel"]) ?? "",
    chatId: str(go["ChatID"]) ?? "",
    account: str(go["Account"]),
    chatType: chatType === "direct" || chatType === "group" || chatType === "channel" ? chatType : undefined,
    topicId: str(go["TopicID"]),
    spaceId: str(go["SpaceID"]),
    spaceType: str(go["SpaceType"]),
    senderId: str(go["SenderID"]),
    messageId: str(go["MessageID"]),
    replyToMessageId: str(go["ReplyToMessageID"]),
    mentioned: go["Mentioned"] === true ? true : undefined,
  };
}

/** Go field paths on the consumed message → our fields (legacy top-level names read the context). */
const PATHS: Record<string, (m: InboundMessage) => unknown> = {
  "consumed.Content": (m) => m.content,
  "consumed.Channel": (m) => m.context.channel,
  "consumed.ChatID": (m) => m.context.chatId,
  "consumed.SenderID": (m) => m.context.senderId,
  "consumed.MessageID": (m) => m.context.messageId,
  "consumed.Context.Channel": (m) => m.context.channel,
  "consumed.Context.ChatID": (m) => m.context.chatId,
  "consumed.Context.SenderID": (m) => m.context.senderId,
  "consumed.Context.MessageID": (m) => m.context.messageId,
};

const sample: InboundMessage = { context: { channel: "test", chatId: "c" }, content: "x" };

const adapter: ConformanceAdapter = {
  groups: ["MessageBus semantics"],
  async run({ input, expect: want }) {
    if (input["fn"] === "NewOutboundContext") {
      const context = outboundContext(
        input["channel"] as string,
        input["chatID"] as string,
        input["replyTo"] as string,
      );
      expect(context.channel).toBe(want["Channel"] as string);
      expect(context.chatId).toBe(want["ChatID"] as string);
      expect(context.replyToMessageId).toBe(want["ReplyToMessageID"] as string);
      return;
    }

    const bus = new MessageBus();
    const op = input["op"] as string;
    if (input["bus_closed"] === true) bus.close();

    if (op === "Close x3 then PublishInbound") {
      expect(() => {
        bus.close();
        bus.close();
        bus.close();
      }).not.toThrow();
      await expect(bus.publishInbound(sample)).rejects.toBeInstanceOf(BusClosedError);
      return;
    }
    if (op === "read OutboundChan") {
      // A closed, drained queue answers at once with "nothing more" (Go's ok=false).
      expect(await bus.outbound.take(AbortSignal.timeout(1000))).toBeUndefined();
      return;
    }
    if (want["error"] === "ErrBusClosed") {
      const publish = op === "PublishOutbound" ? bus.publishOutbound(sample) : bus.publishInbound(sample);
      await expect(publish).rejects.toBeInstanceOf(BusClosedError);
      return;
    }

    const message = input["msg"] as Json;
    await bus.publishInbound({ context: toContext(message), content: str(message["Content"]) ?? "" });
    const consumed = await bus.inbound.take(AbortSignal.timeout(1000));
    if (!consumed) throw new Error("nothing consumed");
    for (const [path, value] of Object.entries(want)) {
      const read = PATHS[path];
      if (!read) throw new Error(`unmapped expectation ${path}`);
      expect(read(consumed)).toBe(value);
    }
  },
};

export default adapter;

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

/** Go sentinel errors → our classes. */
const SENTINELS: Record<string, new (...args: never[]) => Error> = { ErrBusClosed: BusClosedError };

interface Outcome {
  error?: unknown;
  panics: boolean;
  ok?: boolean;
  consumed?: InboundMessage | undefined;
}

/**
 * Runs the case's `op`: steps joined by " then ", each `Verb` or `Verb xN`. Verbs: Close, PublishInbound
 * (input.msg, or a sample message, then consumed from the inbound queue when it was accepted),
 * PublishOutbound, "read OutboundChan" / "read InboundChan" (Go's `v, ok := <-ch`, here a take that
 * answers "nothing more" on a closed, drained queue).
 */
async function runOps(bus: MessageBus, op: string, msg: Json | undefined): Promise<Outcome> {
  const outcome: Outcome = { panics: false };
  for (const step of op.split(" then ")) {
    const match = /^(.+?)(?: x(\d+))?$/.exec(step.trim());
    const verb = match?.[1] ?? "";
    const times = Number(match?.[2] ?? 1);
    for (let i = 0; i < times; i++) {
      outcome.error = undefined;
      try {
        if (verb === "Close") bus.close();
        else if (verb === "PublishInbound") {
          const message = msg ? { context: toContext(msg), content: str(msg["Content"]) ?? "" } : sample;
          await bus.publishInbound(message).then(
            async () => {
              outcome.consumed = await bus.inbound.take(AbortSignal.timeout(1000));
            },
            (error: unknown) => {
              outcome.error = error;
            },
          );
        } else if (verb === "PublishOutbound") {
          await bus.publishOutbound(sample).catch((error: unknown) => {
            outcome.error = error;
          });
        } else if (verb === "read OutboundChan" || verb === "read InboundChan") {
          const queue = verb === "read OutboundChan" ? bus.outbound : bus.inbound;
          outcome.ok = (await queue.take(AbortSignal.timeout(1000))) !== undefined;
        } else throw new Error(`conformance: op step "${step}" is not one the adapter maps`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("conformance:")) throw error;
        outcome.panics = true;
        outcome.error = error;
      }
    }
  }
  return outcome;
}

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
    if (input["fn"] !== undefined)
      throw new Error(`conformance: input.fn ${String(input["fn"])} is not mapped`);

    const bus = new MessageBus();
    if (input["bus_closed"] === true) bus.close();
    const outcome = await runOps(bus, String(input["op"]), input["msg"] as Json | undefined);
    const expected = want["error"];
    if (typeof expected === "string") {
      const sentinel = SENTINELS[expected];
      if (!sentinel) throw new Error(`conformance: expect.error ${expected} is not a mapped sentinel`);
      expect(outcome.error).toBeInstanceOf(sentinel);
    } else if (outcome.error !== undefined) throw outcome.error;
    for (const [path, value] of Object.entries(want)) {
      if (path === "error") continue;
      if (path === "panics") expect(outcome.panics).toBe(value as boolean);
      else if (path === "ok") expect(outcome.ok).toBe(value as boolean);
      else {
        const read = PATHS[path];
        if (!read) throw new Error(`conformance: expect.${path} is not a field the adapter maps`);
        if (!outcome.consumed) throw new Error("nothing was consumed from the inbound queue");
        expect(read(outcome.consumed)).toBe(value);
      }
    }
  },
};

export default adapter;

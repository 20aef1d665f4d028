/**
 * Pico cases of the "Misc: MCP naming, Pico, heartbeat, exec guard" group: the case's `fn` names the Go
 * function, and the expectations are paths into what it produced (the broadcast frame, the inbound bus
 * message). That group spans several owners, so this file registers no group itself: the group's adapter
 * calls `runPicoVector` for the functions in PICO_FUNCTIONS.
 */
import { expect } from "bun:test";
import type { InboundMessage } from "../../src/bus/message.ts";
import { PicoChannel, picoMediaUrl, readPicoSettings } from "../../src/channels/pico/index.ts";
import { placeholderConfig } from "../../src/channels/turn-ui.ts";
import { createLogger } from "../../src/lib/logger.ts";
import type { ServerSocket, WebSocketHandlers } from "../../src/platform/platform.ts";
import type { ConformanceAdapter, VectorFields } from "./adapter.ts";
import { onlyKnownKeys } from "./fields.ts";

export const PICO_FUNCTIONS: readonly string[] = [
  "picoDownloadURLForRef",
  "SendPlaceholder",
  "handleMessageSend",
];

type Json = Record<string, unknown>;

/** Go field paths on the inbound bus message → ours. `Context.Raw.<key>` reads the raw metadata. */
function inboundField(message: InboundMessage | undefined, path: string): unknown {
  if (!message) throw new Error("no inbound message was published");
  const raw = /^Context\.Raw\.(.+)$/.exec(path);
  if (raw?.[1]) return message.context.raw?.[raw[1]];
  const fields: Record<string, unknown> = {
    Content: message.content,
    "Context.Channel": message.context.channel,
    "Context.ChatID": message.context.chatId,
    "Context.SenderID": message.context.senderId,
    "Context.MessageID": message.context.messageId,
  };
  if (!(path in fields))
    throw new Error(`conformance: expect.inbound.${path} is not a field the adapter maps`);
  return fields[path];
}

/** Checks `type` and `payload.*` expectations against a broadcast frame. */
function expectFrame(frame: { type: string; payload: Json }, want: Json, returnedId: string): void {
  for (const [key, value] of Object.entries(want)) {
    if (key === "type") expect(frame.type).toBe(value as string);
    else if (key === "payload.message_id_equals_returned_id")
      expect(frame.payload["message_id"] === returnedId).toBe(value as boolean);
    else if (/^payload\.\w+_present$/.test(key))
      expect(key.slice(8, -8) in frame.payload).toBe(value as boolean);
    else if (key.startsWith("payload.")) expect(frame.payload[key.slice(8)]).toEqual(value);
    else throw new Error(`conformance: expect.${key} is not a field the adapter maps`);
  }
}

interface Harness {
  channel: PicoChannel;
  inbound: InboundMessage[];
  sent: string[];
  handlers: WebSocketHandlers;
  socket: ServerSocket;
}

/** A started Pico channel with one authenticated connection for `session`, on an in-memory socket. */
async function connect(session: string): Promise<Harness> {
  const inbound: InboundMessage[] = [];
  const channel = new PicoChannel("pico", readPicoSettings({ token: "t" }), {
    log: createLogger("pico-vectors"),
    publish: async (message) => void inbound.push(message),
    chatConnected: () => {},
  });
  await channel.start(new AbortController().signal);
  const sent: string[] = [];
  const socket: ServerSocket = {
    remoteAddress: "",
    protocol: "",
    send: (t) => sent.push(t) > 0,
    ping() {},
    close() {},
  };
  let handlers: WebSocketHandlers | undefined;
  const ws = channel.routes().find((r) => r.path === "/pico/ws");
  await ws?.handler(
    new Request(`http://gw/pico/ws?session_id=${encodeURIComponent(session)}`, {
      headers: { authorization: "Bearer t" },
    }),
    {
      remoteAddress: "",
      upgrade: (h) => {
        handlers = h;
        return true;
      },
    },
  );
  if (!handlers) throw new Error("the Pico websocket route did not upgrade");
  handlers.open(socket);
  return { channel, inbound, sent, handlers, socket };
}

/** Runs one Pico case. */
export async function runPicoVector({ input, expect: want }: VectorFields): Promise<void> {
  const fn = String(input["fn"]);
  if (fn === "picoDownloadURLForRef") {
    expect(picoMediaUrl(String(input["ref"]))).toBe(String(want["result"]));
    return;
  }
  if (fn === "SendPlaceholder") {
    const chatId = String(input["chatID"]);
    const settings = (input["placeholder"] ?? {}) as Json;
    onlyKnownKeys("input.placeholder", settings, ["enabled", "text"]);
    const ui = placeholderConfig(settings as { enabled?: boolean; text?: string | string[] });
    if (!ui.placeholder) throw new Error("conformance: SendPlaceholder with placeholder.enabled not true");
    const pico = await connect(chatId.replace(/^pico:/, ""));
    try {
      const id = await pico.channel.sendPlaceholder(chatId, ui.placeholderTexts[0] ?? "");
      expectFrame(JSON.parse(pico.sent[0] ?? "{}") as { type: string; payload: Json }, want, id);
    } finally {
      await pico.channel.stop();
    }
    return;
  }
  if (fn === "handleMessageSend") {
    const pico = await connect(String(input["conn_session"]));
    try {
      pico.handlers.message(pico.socket, JSON.stringify(input["frame"]));
      await Promise.resolve();
      for (const [key, value] of Object.entries(want)) {
        if (!key.startsWith("inbound.")) throw new Error(`conformance: expect.${key} is not mapped`);
        expect(inboundField(pico.inbound[0], key.slice(8))).toEqual(value);
      }
    } finally {
      await pico.channel.stop();
    }
    return;
  }
  throw new Error(`conformance: unknown Pico fn ${fn}`);
}

const adapter: ConformanceAdapter = { groups: [], run: runPicoVector };
export default adapter;

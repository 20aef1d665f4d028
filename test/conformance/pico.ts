/**
 * Pico cases of the "Misc: MCP naming, Pico, heartbeat, exec guard" group (ids `pico-*`). That group
 * spans several owners, so this file registers no group itself: the group's adapter calls
 * `runPicoVector` for `pico-*` ids.
 */
import { expect } from "bun:test";
import type { InboundMessage } from "../../src/bus/message.ts";
import { PicoChannel, picoMediaUrl, readPicoSettings } from "../../src/channels/pico/index.ts";
import { createLogger } from "../../src/lib/logger.ts";
import type { ServerSocket, WebSocketHandlers } from "../../src/platform/platform.ts";
import type { ConformanceAdapter, VectorCase } from "./adapter.ts";

/** Runs one `pico-*` vector. */
export async function runPicoVector(vector: VectorCase): Promise<void> {
  const input = vector.input;
  if (input["fn"] === "picoDownloadURLForRef") {
    expect(picoMediaUrl(String(input["ref"]))).toBe(String(vector.expect["result"]));
    return;
  }
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
  const session = input["fn"] === "handleMessageSend" ? String(input["conn_session"]) : "sess-1";
  const ws = channel.routes().find((r) => r.path === "/pico/ws");
  await ws?.handler(
    new Request(`http://gw/pico/ws?session_id=${session}`, { headers: { authorization: "Bearer t" } }),
    {
      remoteAddress: "",
      upgrade: (h) => {
        handlers = h;
        return true;
      },
    },
  );
  handlers?.open(socket);
  if (input["fn"] === "SendPlaceholder") {
    const id = await channel.sendPlaceholder(String(input["chatID"]), "Thinking...");
    const frame = JSON.parse(sent[0] ?? "{}") as { type: string; payload: Record<string, unknown> };
    expect(frame.type).toBe(String(vector.expect["type"]));
    expect(frame.payload["content"]).toBe(String(vector.expect["payload.content"]));
    expect(frame.payload["placeholder"]).toBe(true);
    expect(frame.payload["message_id"]).toBe(id);
    expect("kind" in frame.payload).toBe(false);
  } else if (input["fn"] === "handleMessageSend") {
    handlers?.message(socket, JSON.stringify(input["frame"]));
    await Promise.resolve();
    expect(inbound[0]?.content).toBe(String(vector.expect["inbound.Content"]));
    expect(inbound[0]?.context.raw?.["session_id"]).toBe(
      String(vector.expect["inbound.Context.Raw.session_id"]),
    );
  } else {
    throw new Error(`unknown pico vector ${vector.id}`);
  }
  await channel.stop();
}

const adapter: ConformanceAdapter = { groups: [], run: runPicoVector };
export default adapter;

import { describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InboundMessage } from "../../bus/message.ts";
import { createLogger } from "../../lib/logger.ts";
import { createMediaStore, type MediaStore } from "../../media/store.ts";
import type {
  HttpContext,
  ServerSocket,
  UpgradeOptions,
  WebSocketHandlers,
} from "../../platform/platform.ts";
import type { ChannelRoute } from "../channel.ts";
import { TemporarySendError } from "../send-error.ts";
import { MAX_IN_FLIGHT_BYTES } from "./connection.ts";
import { PicoChannel } from "./pico.ts";
import { readPicoSettings } from "./settings.ts";

/** A server socket that records frames (the channel is exercised without a network here). */
function fakeSocket() {
  const sent: string[] = [];
  let closed: { code?: number | undefined; reason?: string | undefined } | undefined;
  let pings = 0;
  const onClose = Promise.withResolvers<void>();
  const socket: ServerSocket = {
    remoteAddress: "127.0.0.1",
    protocol: "",
    send: (text) => {
      if (closed) return false;
      sent.push(text);
      return true;
    },
    ping: () => void pings++,
    close: (code, reason) => {
      closed = { code, reason };
      onClose.resolve();
    },
  };
  return {
    socket,
    sent,
    frames: () => sent.map((t) => JSON.parse(t) as { type: string; payload?: Record<string, unknown> }),
    closed: () => closed,
    whenClosed: onClose.promise,
    pings: () => pings,
  };
}

function setup(
  settings: Record<string, unknown> = {},
  media?: MediaStore,
  publish?: (message: InboundMessage) => Promise<void>,
) {
  const inbound: InboundMessage[] = [];
  const connectedChats: string[] = [];
  // config.json takes whole seconds; the ping test sets sub-second intervals on the parsed settings.
  const { ping_interval, read_timeout, ...rest } = settings;
  const parsed = readPicoSettings({ token: "tok", ...rest });
  if (typeof ping_interval === "number") parsed.pingInterval = ping_interval;
  if (typeof read_timeout === "number") parsed.readTimeout = read_timeout;
  const channel = new PicoChannel("pico", parsed, {
    log: createLogger("pico-test"),
    media,
    now: () => 1000,
    publish: publish ?? (async (message) => void inbound.push(message)),
    chatConnected: (chatId) => void connectedChats.push(chatId),
  });
  const route = (path: string): ChannelRoute => {
    const found = channel.routes().find((r) => r.path === path);
    if (!found) throw new Error(`no route ${path}`);
    return found;
  };
  /** Runs the /pico/ws handler; on upgrade, opens a fake socket on the captured handlers. */
  const connect = async (query = "", headers: Record<string, string> = { authorization: "Bearer tok" }) => {
    let handlers: WebSocketHandlers | undefined;
    let options: UpgradeOptions | undefined;
    const context: HttpContext = {
      remoteAddress: "127.0.0.1",
      upgrade: (h, o) => {
        handlers = h;
        options = o;
        return true;
      },
    };
    const response = await route("/pico/ws").handler(
      new Request(`http://gw/pico/ws${query}`, { headers }),
      context,
    );
    const fake = fakeSocket();
    if (handlers) handlers.open(fake.socket);
    return { response, handlers, options, ...fake };
  };
  return { channel, inbound, connectedChats, connect, route };
}

describe("PicoChannel", () => {
  test("refuses to be created without a token", () => {
    expect(() => readPicoSettings({ token: " " })).toThrow("pico token is required");
  });

  test("a message.send becomes an inbound message with the session in its raw context", async () => {
    const { channel, inbound, connect, connectedChats } = setup();
    await channel.start(new AbortController().signal);
    const conn = await connect("?session_id=sess-1");
    expect(conn.response).toBeUndefined();
    expect(conn.options?.maxPayloadBytes).toBe(1024 * 1024);
    expect(connectedChats).toEqual(["pico:sess-1"]);
    conn.handlers?.message(
      conn.socket,
      '{"type":"message.send","id":"msg-1","session_id":"sess-1","payload":{"content":"hello"}}',
    );
    await Promise.resolve();
    expect(inbound[0]?.content).toBe("hello");
    expect(inbound[0]?.context).toMatchObject({
      channel: "pico",
      chatId: "pico:sess-1",
      chatType: "direct",
      senderId: "pico-user",
      messageId: "msg-1",
      raw: { platform: "pico", session_id: "sess-1" },
    });
    expect(inbound[0]?.sender?.canonicalId).toBe("pico:pico-user");
  });

  test("the placeholder is a plain message.create with placeholder true and the returned id", async () => {
    const { channel, connect } = setup();
    await channel.start(new AbortController().signal);
    const conn = await connect("?session_id=sess-1");
    const id = await channel.sendPlaceholder("pico:sess-1", "Thinking...");
    const frame = conn.frames()[0];
    expect(frame?.type).toBe("message.create");
    expect(frame?.payload).toEqual({ content: "Thinking...", placeholder: true, message_id: id });
  });

  test("a send to a session without connections fails as temporary", async () => {
    const { channel } = setup();
    await channel.start(new AbortController().signal);
    expect(channel.isChatConnected("pico:nobody")).toBe(false);
    await expect(
      channel.send({ context: { channel: "pico", chatId: "pico:nobody" }, content: "x" }),
    ).rejects.toBeInstanceOf(TemporarySendError);
  });

  test("streams: create, throttled updates of the same message_id, final always sent", async () => {
    const { channel, connect } = setup({ streaming: { enabled: true, min_growth_chars: 5 } });
    await channel.start(new AbortController().signal);
    const conn = await connect("?session_id=s");
    const context = { channel: "pico", chatId: "pico:s" };
    await channel.send({ context, content: "Hel", kind: "stream", id: "st" });
    await channel.send({ context, content: "Hello", kind: "stream", id: "st" });
    await channel.send({ context, content: "Hello world", kind: "stream", id: "st" });
    await channel.send({ context, content: "Hello world", kind: "stream_end", id: "st" });
    const frames = conn.frames();
    expect(frames.map((f) => f.type)).toEqual(["message.create", "message.update", "message.update"]);
    expect(frames.map((f) => f.payload?.["message_id"])).toEqual(["st", "st", "st"]);
    expect(frames.map((f) => f.payload?.["content"])).toEqual(["Hel", "Hello world", "Hello world"]);
  });

  test("thoughts and tool calls carry their kind", async () => {
    const { channel, connect } = setup();
    await channel.start(new AbortController().signal);
    const conn = await connect("?session_id=s");
    const context = { channel: "pico", chatId: "pico:s" };
    await channel.send({ context, content: "hmm", kind: "thought", modelName: "m1" });
    const calls = JSON.stringify([
      { id: "c1", type: "function", function: { name: "read_file", arguments: "{}" } },
    ]);
    await channel.send({
      context: { ...context, raw: { tool_calls: calls } },
      content: "",
      kind: "tool_calls",
    });
    const [thought, tools] = conn.frames();
    expect(thought?.payload).toMatchObject({
      kind: "thought",
      thought: true,
      model_name: "m1",
      content: "hmm",
    });
    expect(tools?.payload?.["tool_calls"]).toEqual(JSON.parse(calls));
  });

  test("HTTP refusals: not running 503, query token only when allowed 401, bad origin 403, too many 503", async () => {
    const strict = setup({ allow_origins: ["https://ok.example"], max_connections: 1 });
    expect((await strict.connect()).response?.status).toBe(503);
    await strict.channel.start(new AbortController().signal);
    expect((await strict.connect("?token=tok", {})).response?.status).toBe(401);
    const badOrigin = await strict.connect("", {
      authorization: "Bearer tok",
      origin: "https://evil.example",
    });
    expect(badOrigin.response?.status).toBe(403);
    const first = await strict.connect("", { authorization: "Bearer tok", origin: "https://ok.example" });
    expect(first.response).toBeUndefined();
    const second = await strict.connect("", { authorization: "Bearer tok", origin: "https://ok.example" });
    expect(second.response?.status).toBe(503);
    expect(await second.response?.text()).toBe("too many connections\n");
  });

  test("binary frames close the connection; a protocol subprotocol token is echoed", async () => {
    const { channel, connect } = setup();
    await channel.start(new AbortController().signal);
    const conn = await connect("", { "sec-websocket-protocol": "chat, token.tok" });
    expect(conn.options?.protocol).toBe("token.tok");
    conn.handlers?.message(conn.socket, new Uint8Array([1, 2]));
    expect(conn.closed()?.code).toBe(1003);
  });

  test("pings every ping_interval and closes after read_timeout without frames", async () => {
    const { channel, connect } = setup({ ping_interval: 0.01, read_timeout: 0.05 });
    await channel.start(new AbortController().signal);
    const conn = await connect();
    await conn.whenClosed;
    expect(conn.pings()).toBeGreaterThanOrEqual(2);
    expect(conn.closed()).toEqual({ code: 1001, reason: "read timeout" });
  });

  test("serves media downloads with the same auth", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pico-media-"));
    try {
      const media = createMediaStore({ dir });
      const ref = await media.storeBytes(
        new TextEncoder().encode("PNGDATA"),
        { filename: "plot.png", contentType: "image/png" },
        "s",
      );
      const { channel, route } = setup({}, media);
      await channel.start(new AbortController().signal);
      const id = ref.slice("media://".length);
      const context: HttpContext = { remoteAddress: "", upgrade: () => false };
      const handler = route("/pico/media/*").handler;
      expect((await handler(new Request(`http://gw/pico/media/${id}`), context))?.status).toBe(401);
      const ok = await handler(
        new Request(`http://gw/pico/media/${id}`, { headers: { authorization: "Bearer tok" } }),
        context,
      );
      expect(ok?.status).toBe(200);
      expect(ok?.headers.get("content-disposition")).toStartWith("inline");
      expect(await ok?.text()).toBe("PNGDATA");
      const missing = await handler(
        new Request("http://gw/pico/media/nope", { headers: { authorization: "Bearer tok" } }),
        context,
      );
      expect(missing?.status).toBe(404);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a flooding client gets busy errors beyond 16 messages in flight, and is served again once they drain", async () => {
    const waiting: { message: InboundMessage; release: () => void }[] = [];
    const { channel, connect } = setup({}, undefined, (message) => {
      const { promise, resolve } = Promise.withResolvers<void>();
      waiting.push({ message, release: resolve });
      return promise;
    });
    await channel.start(new AbortController().signal);
    const conn = await connect("?session_id=s");
    const send = (id: string) =>
      conn.handlers?.message(conn.socket, `{"type":"message.send","id":"${id}","payload":{"content":"x"}}`);
    for (let i = 1; i <= 20; i++) send(`m${i}`);
    await Promise.resolve();
    expect(waiting.length).toBe(16);
    const errors = conn.frames().filter((f) => f.type === "error");
    expect(errors.map((f) => f.payload?.["request_id"])).toEqual(["m17", "m18", "m19", "m20"]);
    expect(errors[0]?.payload?.["code"]).toBe("busy");
    for (const w of waiting.splice(0)) w.release();
    // One macrotask turn lets the released publishes settle and free their slots.
    await new Promise((resolve) => setImmediate(resolve));
    send("m21");
    await Promise.resolve();
    expect(waiting.map((w) => w.message.context.messageId)).toEqual(["m21"]);
  });

  test("all connections together hold at most MAX_IN_FLIGHT_BYTES of waiting frames", async () => {
    const waiting: (() => void)[] = [];
    const { channel, connect } = setup({}, undefined, () => {
      const { promise, resolve } = Promise.withResolvers<void>();
      waiting.push(resolve);
      return promise;
    });
    await channel.start(new AbortController().signal);
    const big = "y".repeat(900 * 1024);
    const conns = await Promise.all(Array.from({ length: 10 }, (_, i) => connect(`?session_id=s${i}`)));
    for (const [i, conn] of conns.entries()) {
      conn.handlers?.message(
        conn.socket,
        `{"type":"message.send","id":"b${i}","payload":{"content":"${big}"}}`,
      );
    }
    await Promise.resolve();
    const fits = Math.floor(MAX_IN_FLIGHT_BYTES / (big.length + 60));
    expect(waiting.length).toBe(fits);
    const refused = conns.flatMap((c) => c.frames().filter((f) => f.type === "error"));
    expect(refused.map((f) => f.payload?.["request_id"])).toEqual(
      Array.from({ length: 10 - fits }, (_, i) => `b${fits + i}`),
    );
    for (const release of waiting.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
    const again = conns[9];
    again?.handlers?.message(
      again.socket,
      `{"type":"message.send","id":"c9","payload":{"content":"${big}"}}`,
    );
    await Promise.resolve();
    expect(waiting.length).toBe(1);
  });
});

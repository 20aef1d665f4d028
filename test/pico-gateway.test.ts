/**
 * Scenario: a real gateway HTTP server on 127.0.0.1:0 with the channel manager, the Pico channel and a
 * stub agent (consumes bus.inbound, publishes a reply), driven by real WebSocket clients.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageBus } from "../src/bus/bus.ts";
import { outboundContext } from "../src/bus/message.ts";
import { ChannelManager } from "../src/channels/manager.ts";
import { createPicoChannel } from "../src/channels/pico/index.ts";
import { type ChannelEntry, createChannelRegistry } from "../src/channels/registry.ts";
import { createGatewayServer, type GatewayServer } from "../src/gateway/http-server.ts";
import { createHealth, type Health } from "../src/health/health.ts";
import { bunPlatform } from "../src/platform/bun.ts";
import { PicoClient } from "./fakes/pico-client.ts";

const TOKEN = "test-token-123";

const picoEntry: ChannelEntry = {
  name: "pico",
  type: "pico",
  settings: { token: TOKEN, allow_token_query: true, max_frame_bytes: 4096 },
  allow_from: [],
  group_trigger: {},
  typing: { enabled: true },
  placeholder: { enabled: true },
};

interface Gateway {
  bus: MessageBus;
  manager: ChannelManager;
  server: GatewayServer;
  health: Health;
  base: string;
  ws: string;
  stop(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "pico-gw-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Builds the gateway parts the way the gateway command does; `start` false leaves channels unstarted. */
async function startGateway(
  dataDir: string,
  start = true,
): Promise<Gateway & { startChannels(): Promise<void> }> {
  const bus = new MessageBus();
  const health = createHealth();
  const registry = createChannelRegistry([["pico", createPicoChannel]]);
  const manager = new ChannelManager({
    entries: [picoEntry],
    registry,
    bus,
    platform: bunPlatform,
    dataDir,
    health,
  });
  const server = await createGatewayServer({
    host: "127.0.0.1",
    port: 0,
    health,
    routes: manager.routes(),
    platform: bunPlatform,
  });
  const agent = (async () => {
    for await (const message of bus.inbound) {
      const context = outboundContext(message.context.channel, message.context.chatId);
      await bus.publishOutbound({ context, content: `echo: ${message.content}`, id: crypto.randomUUID() });
    }
  })();
  let stopped = false;
  const gateway = {
    bus,
    manager,
    server,
    health,
    base: `http://127.0.0.1:${server.port}`,
    ws: `ws://127.0.0.1:${server.port}/pico/ws`,
    async startChannels() {
      await manager.start();
      health.markReady();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      manager.stopInbound();
      bus.close();
      await agent;
      await manager.drain(2000);
      await manager.stop();
      await server.stop(true);
    },
  };
  cleanups.push(() => gateway.stop());
  if (start) await gateway.startChannels();
  return gateway;
}

const bearer = { headers: { Authorization: `Bearer ${TOKEN}` } };

/** Waits for a condition that changes through I/O (checked on each macrotask, with a deadline). */
async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe("Pico gateway", () => {
  test("/ready is 503 before channels start and 200 after", async () => {
    const gw = await startGateway(await tempDir(), false);
    expect((await fetch(`${gw.base}/ready`)).status).toBe(503);
    expect((await fetch(`${gw.base}/health`)).status).toBe(200);
    await gw.startChannels();
    const ready = await fetch(`${gw.base}/ready`);
    expect(ready.status).toBe(200);
    expect(JSON.stringify(await ready.json())).toContain("channel:pico");
  });

  test("a message gets typing, a placeholder edited into the reply, then typing stop", async () => {
    const gw = await startGateway(await tempDir());
    const client = await PicoClient.connect(`${gw.ws}?session_id=s1`, bearer);
    client.send({ type: "message.send", id: "msg-1", payload: { content: "hello" } });

    const typing = await client.nextOfType("typing.start");
    expect(typing.session_id).toBe("s1");
    const placeholder = await client.nextOfType("message.create");
    expect(placeholder.payload).toMatchObject({ content: "Thinking...", placeholder: true });
    const update = await client.nextOfType("message.update");
    expect(update.payload).toEqual({
      content: "echo: hello",
      message_id: placeholder.payload?.["message_id"],
    });
    await client.nextOfType("typing.stop");
    const order = client.frames.map((f) => f.type);
    expect(order).toEqual(["typing.start", "message.create", "message.update", "typing.stop"]);
    expect(client.raw.every((text) => text.endsWith("}\n"))).toBe(true);
    client.close();
  });

  test("authenticates by bearer header, token subprotocol (echoed) and query token; a wrong token gets 401", async () => {
    const gw = await startGateway(await tempDir());
    const viaProtocol = await PicoClient.connect(gw.ws, { protocols: [`token.${TOKEN}`] });
    expect(viaProtocol.ws.protocol).toBe(`token.${TOKEN}`);
    const viaQuery = await PicoClient.connect(`${gw.ws}?token=${TOKEN}`);
    const viaHeader = await PicoClient.connect(gw.ws, bearer);
    for (const client of [viaProtocol, viaQuery, viaHeader]) {
      client.send({ type: "ping", id: "p-1" });
      expect((await client.nextOfType("pong")).id).toBe("p-1");
      client.close();
    }
    const refused = await fetch(`${gw.base}/pico/ws`, {
      headers: { Authorization: "Bearer wrong", Upgrade: "websocket", Connection: "Upgrade" },
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe("unauthorized\n");
    await expect(PicoClient.connect(gw.ws, { protocols: ["token.wrong"] })).rejects.toThrow();
  });

  test("both connections of a session get the reply", async () => {
    const gw = await startGateway(await tempDir());
    const a = await PicoClient.connect(`${gw.ws}?session_id=shared`, bearer);
    const b = await PicoClient.connect(`${gw.ws}?session_id=shared`, bearer);
    const other = await PicoClient.connect(`${gw.ws}?session_id=other`, bearer);
    a.send({ type: "message.send", id: "m1", payload: { content: "hi both" } });
    for (const client of [a, b]) {
      const update = await client.nextOfType("message.update");
      expect(update.payload?.["content"]).toBe("echo: hi both");
    }
    other.send({ type: "ping", id: "x" });
    await other.nextOfType("pong");
    expect(other.frames.map((f) => f.type)).toEqual(["pong"]);
  });

  test("an oversized frame closes only its connection; malformed JSON gets an error frame", async () => {
    const gw = await startGateway(await tempDir());
    const big = await PicoClient.connect(`${gw.ws}?session_id=s`, bearer);
    const small = await PicoClient.connect(`${gw.ws}?session_id=s`, bearer);
    big.send({ type: "message.send", payload: { content: "x".repeat(10_000) } });
    expect((await big.closed).code).toBe(1009);

    small.send("{not json");
    const error = await small.nextOfType("error");
    expect(error.payload).toEqual({ code: "invalid_message", message: "failed to parse message" });
    small.send({ type: "message.send", id: "m2", payload: { content: "still here" } });
    expect((await small.nextOfType("message.update")).payload?.["content"]).toBe("echo: still here");
  });

  test("a reply for a session without a connection waits in the outbox and arrives once, also after a restart", async () => {
    const dataDir = await tempDir();
    const first = await startGateway(dataDir);
    await first.bus.publishOutbound({
      context: outboundContext("pico", "pico:away"),
      content: "while you were away",
      id: "reply-1",
    });
    await until(() => first.manager.outbox.size === 1);
    const comeBack = await PicoClient.connect(`${first.ws}?session_id=away`, bearer);
    const delivered = await comeBack.nextOfType("message.create");
    expect(delivered.payload).toEqual({ content: "while you were away", message_id: "reply-1" });
    await until(() => first.manager.outbox.size === 0);
    const second = await PicoClient.connect(`${first.ws}?session_id=away`, bearer);
    second.send({ type: "ping", id: "p" });
    await second.nextOfType("pong");
    expect(second.frames.map((f) => f.type)).toEqual(["pong"]);
    expect(comeBack.frames.filter((f) => f.type === "message.create")).toHaveLength(1);
    comeBack.close();
    second.close();

    await first.bus.publishOutbound({
      context: outboundContext("pico", "pico:later"),
      content: "kept",
      id: "reply-2",
    });
    await until(() => first.manager.outbox.size === 1);
    await first.stop();

    const restarted = await startGateway(dataDir);
    expect(restarted.manager.outbox.size).toBe(1);
    const client = await PicoClient.connect(`${restarted.ws}?session_id=later`, bearer);
    expect((await client.nextOfType("message.create")).payload).toEqual({
      content: "kept",
      message_id: "reply-2",
    });
    await until(() => restarted.manager.outbox.size === 0);
  });
});

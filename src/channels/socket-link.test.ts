import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { createLogger } from "../lib/logger.ts";
import { SocketLink } from "./socket-link.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A TCP server that completes the WebSocket handshake, then never sends a byte (a wedged peer). */
function startSilentPeer(): Promise<{ port: number; accepted: () => number }> {
  let accepted = 0;
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.once("data", (chunk) => {
      const key = /sec-websocket-key: *(\S+)/i.exec(chunk.toString())?.[1] ?? "";
      const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      accepted++;
    });
  });
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ port: typeof address === "object" && address ? address.port : 0, accepted: () => accepted });
    }),
  );
}

async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe("SocketLink", () => {
  test("drops a peer that stops answering pings within the read deadline, and redials", async () => {
    const peer = await startSilentPeer();
    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    let opens = 0;
    let closes = 0;
    const link = new SocketLink({
      url: async () => `ws://127.0.0.1:${peer.port}/`,
      onOpen: () => opens++,
      onMessage: () => {},
      onClose: () => closes++,
      log: createLogger("test-link"),
      minDelayMs: 10,
      pingIntervalMs: 20,
      readTimeoutMs: 60,
    });
    await link.start(controller.signal);
    expect(link.isOpen).toBe(true);
    await until(() => closes >= 1 && opens >= 2);
    expect(peer.accepted()).toBeGreaterThanOrEqual(2);
    controller.abort();
    await link.stopped();
    expect(link.isOpen).toBe(false);
  });

  test("keeps dialling a refused address with growing, jittered delays until aborted", async () => {
    const controller = new AbortController();
    const link = new SocketLink({
      url: async () => "ws://127.0.0.1:1/",
      onMessage: () => {},
      log: createLogger("test-link"),
      minDelayMs: 5,
      maxDelayMs: 40,
    });
    await link.start(controller.signal);
    await until(() => link.attempts >= 4);
    controller.abort();
    await link.stopped();
    expect(link.isOpen).toBe(false);
  });
});

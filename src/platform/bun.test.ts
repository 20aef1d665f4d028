import { describe, expect, test } from "bun:test";
import { bunPlatform } from "./bun.ts";
import type { TcpSocket } from "./platform.ts";

describe("bun platform", () => {
  test("serves HTTP and upgrades WebSockets with an echoed subprotocol", async () => {
    const server = await bunPlatform.serveHttp({
      host: "127.0.0.1",
      port: 0,
      handler: async (request, context) => {
        if (new URL(request.url).pathname === "/ws") {
          const ok = context.upgrade(
            {
              open: (s) => s.send("hello"),
              message: (s, data) => s.send(`echo:${String(data)}`),
              close: () => {},
            },
            { protocol: "token.abc", maxPayloadBytes: 16 },
          );
          return ok ? undefined : new Response("no", { status: 400 });
        }
        return new Response("ok");
      },
    });
    try {
      expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe("ok");
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, ["token.abc"]);
      const messages: string[] = [];
      const closed = new Promise<number>((resolve) => {
        ws.onclose = (event) => resolve(event.code);
      });
      await new Promise<void>((resolve) => {
        ws.onmessage = (event) => {
          messages.push(String(event.data));
          if (messages.length === 1) ws.send("x");
          if (messages.length === 2) resolve();
        };
      });
      expect(ws.protocol).toBe("token.abc");
      expect(messages).toEqual(["hello", "echo:x"]);
      ws.send("y".repeat(100));
      expect(await closed).toBe(1009);
    } finally {
      await server.stop(true);
    }
  });

  test("TCP server and client exchange bytes, and large writes are flushed whole", async () => {
    let received = 0;
    const big = "z".repeat(4 * 1024 * 1024);
    const done = Promise.withResolvers<void>();
    const server = await bunPlatform.listenTcp({
      host: "127.0.0.1",
      port: 0,
      handlers: {
        open: (s) => {
          s.write(big);
          s.end();
        },
        data: () => {},
        close: () => {},
      },
    });
    try {
      const client: TcpSocket = await bunPlatform.connectTcp({
        host: "127.0.0.1",
        port: server.port,
        handlers: {
          open: () => {},
          data: (_s, chunk) => {
            received += chunk.byteLength;
          },
          close: () => done.resolve(),
        },
      });
      await done.promise;
      expect(received).toBe(big.length);
      client.destroy();
    } finally {
      await server.stop();
    }
  });

  test("spawn runs a process group and reports the exit code", async () => {
    const child = bunPlatform.spawn(["sh", "-c", "echo hi; exit 3"]);
    const out = await new Response(child.stdout).text();
    expect(out).toBe("hi\n");
    expect(await child.exited).toBe(3);
  });
});

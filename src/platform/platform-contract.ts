/**
 * The behaviour every Platform implementation must show, as bun:test cases over real sockets on
 * 127.0.0.1 and real subprocesses. bun.test.ts and node.test.ts run it against each implementation.
 */
import { describe, expect, test } from "bun:test";
import type { HttpHandler, Platform, TcpSocket } from "./platform.ts";

/** Rejects when `promise` has not settled within `ms` (so a broken seam fails fast, not at the test timeout). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function withServer(platform: Platform, handler: HttpHandler, run: (port: number) => Promise<void>) {
  const server = await platform.serveHttp({ host: "127.0.0.1", port: 0, handler });
  try {
    await run(server.port);
  } finally {
    await server.stop(true);
  }
}

/** Registers the contract tests for `platform`. */
export function runPlatformContract(platform: Platform): void {
  describe(`${platform.name} platform`, () => {
    test("serves HTTP and upgrades WebSockets with an echoed subprotocol", async () => {
      await withServer(
        platform,
        async (request, context) => {
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
        async (port) => {
          expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ["token.abc"]);
          const messages: string[] = [];
          const closed = new Promise<number>((resolve) => {
            ws.onclose = (event) => resolve(event.code);
          });
          await within(
            new Promise<void>((resolve) => {
              ws.onmessage = (event) => {
                messages.push(String(event.data));
                if (messages.length === 1) ws.send("x");
                if (messages.length === 2) resolve();
              };
            }),
            5000,
            "websocket echo",
          );
          expect(ws.protocol).toBe("token.abc");
          expect(messages).toEqual(["hello", "echo:x"]);
          ws.send("y".repeat(100));
          expect(await within(closed, 5000, "close on oversized frame")).toBe(1009);
        },
      );
    });

    test("passes request method, headers, body and the peer address; sends status and headers back", async () => {
      await withServer(
        platform,
        async (request, context) => {
          const text = await request.text();
          return new Response(
            `${request.method} ${request.headers.get("x-probe")} ${text} ${context.remoteAddress}`,
            {
              status: 201,
              headers: { "x-reply": "yes" },
            },
          );
        },
        async (port) => {
          const response = await fetch(`http://127.0.0.1:${port}/p?q=1`, {
            method: "POST",
            headers: { "x-probe": "p1" },
            body: "payload",
          });
          expect(response.status).toBe(201);
          expect(response.headers.get("x-reply")).toBe("yes");
          expect(await response.text()).toMatch(/^POST p1 payload (::ffff:)?127\.0\.0\.1$/);
        },
      );
    });

    test("streams a large response body whole", async () => {
      const size = 8 * 1024 * 1024;
      await withServer(
        platform,
        async () => new Response(new Uint8Array(size).fill(7)),
        async (port) => {
          const body = new Uint8Array(await (await fetch(`http://127.0.0.1:${port}/big`)).arrayBuffer());
          expect(body.byteLength).toBe(size);
          expect(body[size - 1]).toBe(7);
        },
      );
    });

    test("an upgrade the handler refuses never opens; pings are answered with pongs", async () => {
      const ponged = Promise.withResolvers<void>();
      await withServer(
        platform,
        async (request, context) => {
          if (request.headers.get("authorization") === null && new URL(request.url).pathname === "/locked") {
            return new Response("unauthorized\n", { status: 401 });
          }
          context.upgrade({
            open: (s) => s.ping(),
            message: () => {},
            close: () => {},
            pong: () => ponged.resolve(),
          });
          return undefined;
        },
        async (port) => {
          let opened = false;
          const refused = new WebSocket(`ws://127.0.0.1:${port}/locked`);
          refused.onopen = () => {
            opened = true;
          };
          await within(new Promise((resolve) => (refused.onclose = resolve)), 5000, "refused upgrade close");
          expect(opened).toBe(false);
          const ws = new WebSocket(`ws://127.0.0.1:${port}/open`);
          await within(ponged.promise, 5000, "pong");
          ws.close();
        },
      );
    });

    test("TCP server and client exchange bytes, and large writes are flushed whole", async () => {
      let received = 0;
      const big = "z".repeat(4 * 1024 * 1024);
      const done = Promise.withResolvers<void>();
      const echoed = Promise.withResolvers<string>();
      const server = await platform.listenTcp({
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
      const echo = await platform.listenTcp({
        host: "127.0.0.1",
        port: 0,
        handlers: { open: () => {}, data: (s, chunk) => s.write(chunk), close: () => {} },
      });
      try {
        const client: TcpSocket = await platform.connectTcp({
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
        await within(done.promise, 10_000, "4 MiB transfer");
        expect(received).toBe(big.length);
        expect(client.write("late")).toBe(false);
        client.destroy();

        const pinger = await platform.connectTcp({
          host: "127.0.0.1",
          port: echo.port,
          handlers: {
            open: () => {},
            data: (_s, chunk) => echoed.resolve(new TextDecoder().decode(chunk)),
            close: () => {},
          },
        });
        expect(pinger.write("ping\n")).toBe(true);
        expect(await within(echoed.promise, 5000, "echo")).toBe("ping\n");
        pinger.destroy();
      } finally {
        await server.stop();
        await echo.stop();
      }
    });

    test("connectTcp rejects when nothing listens", async () => {
      const probe = await platform.listenTcp({
        host: "127.0.0.1",
        port: 0,
        handlers: { open: () => {}, data: () => {}, close: () => {} },
      });
      const port = probe.port;
      await probe.stop();
      const handlers = { open: () => {}, data: () => {}, close: () => {} };
      await expect(platform.connectTcp({ host: "127.0.0.1", port, handlers })).rejects.toThrow();
    });

    test("spawn runs a process group and reports the exit code", async () => {
      const child = platform.spawn(["sh", "-c", "echo hi; exit 3"]);
      const out = await new Response(child.stdout).text();
      expect(out).toBe("hi\n");
      expect(await child.exited).toBe(3);
    });

    test("spawn pipes stdin when asked, and passes cwd and env", async () => {
      const child = platform.spawn(["sh", "-c", 'cat; printf "%s %s" "$PWD" "$PROBE"'], {
        stdin: "pipe",
        cwd: "/",
        env: { PATH: process.env["PATH"], PROBE: "p" },
      });
      child.writeStdin("in:");
      child.endStdin();
      expect(await within(new Response(child.stdout).text(), 5000, "stdout")).toBe("in:/ p");
      expect(await child.exited).toBe(0);
    });

    test("killGroup kills the child's whole process group", async () => {
      // The background sleep inherits stdout, so stdout ends only once the grandchild is dead too.
      const child = platform.spawn(["sh", "-c", "sleep 30 & echo started; wait"]);
      const reader = child.stdout.getReader();
      const first = await within(reader.read(), 5000, "child start");
      expect(new TextDecoder().decode(first.value)).toBe("started\n");
      child.killGroup();
      expect(await within(child.exited, 5000, "exit")).toBe(128 + 9);
      for (;;) {
        const next = await within(reader.read(), 5000, "stdout end (grandchild killed)");
        if (next.done) break;
      }
    });
  });
}

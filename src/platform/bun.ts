/** The platform seam on Bun's native servers and Bun.spawn (x64/arm64 builds). */
import type { Server, ServerWebSocket } from "bun";
import { bunConnectTcp, bunListenTcp } from "./bun-tcp.ts";
import type {
  ChildProcess,
  HttpServer,
  Platform,
  ServerSocket,
  SpawnOptions,
  WebSocketHandlers,
} from "./platform.ts";

interface SocketData {
  handlers: WebSocketHandlers;
  maxPayloadBytes: number;
  protocol: string;
  wrapper?: ServerSocket;
}

/** Bun.serve applies one payload limit per server; per-upgrade limits are enforced in `message`. */
const SERVER_MAX_PAYLOAD = 64 * 1024 * 1024;

function wrapSocket(ws: ServerWebSocket<SocketData>): ServerSocket {
  if (ws.data.wrapper) return ws.data.wrapper;
  let closed = false;
  const wrapper: ServerSocket = {
    remoteAddress: ws.remoteAddress,
    protocol: ws.data.protocol,
    send(text) {
      if (closed) return false;
      return ws.send(text) !== 0;
    },
    ping() {
      if (!closed) ws.ping();
    },
    close(code, reason) {
      if (closed) return;
      closed = true;
      ws.close(code, reason);
    },
  };
  ws.data.wrapper = wrapper;
  return wrapper;
}

async function serveHttp(options: Parameters<Platform["serveHttp"]>[0]): Promise<HttpServer> {
  const server: Server<SocketData> = Bun.serve<SocketData>({
    hostname: options.host,
    port: options.port,
    idleTimeout: 60,
    async fetch(request, srv) {
      const address = srv.requestIP(request)?.address ?? "";
      let upgraded = false;
      const response = await options.handler(request, {
        remoteAddress: address,
        upgrade(handlers, upgradeOptions) {
          const headers = upgradeOptions?.protocol
            ? { "Sec-WebSocket-Protocol": upgradeOptions.protocol }
            : undefined;
          upgraded = srv.upgrade(request, {
            data: {
              handlers,
              maxPayloadBytes: upgradeOptions?.maxPayloadBytes ?? SERVER_MAX_PAYLOAD,
              protocol: upgradeOptions?.protocol ?? "",
            },
            ...(headers ? { headers } : {}),
          });
          return upgraded;
        },
      });
      if (response) return response;
      if (upgraded) return undefined;
      return new Response("upgrade failed\n", { status: 400 });
    },
    websocket: {
      maxPayloadLength: SERVER_MAX_PAYLOAD,
      idleTimeout: 0,
      sendPings: false,
      open(ws) {
        ws.data.handlers.open(wrapSocket(ws));
      },
      message(ws, message) {
        const size = typeof message === "string" ? Buffer.byteLength(message) : message.byteLength;
        if (size > ws.data.maxPayloadBytes) {
          wrapSocket(ws).close(1009, "frame too large");
          return;
        }
        ws.data.handlers.message(
          wrapSocket(ws),
          typeof message === "string" ? message : new Uint8Array(message),
        );
      },
      close(ws, code, reason) {
        ws.data.handlers.close(wrapSocket(ws), code, reason);
      },
      pong(ws) {
        ws.data.handlers.pong?.(wrapSocket(ws));
      },
    },
  });
  return {
    host: options.host,
    port: server.port ?? options.port,
    async stop(force) {
      await server.stop(force ?? false);
    },
  };
}

function spawn(argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = Bun.spawn([...argv], {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    stdin: options.stdin === "pipe" ? "pipe" : "ignore",
    stdout: "pipe",
    stderr: "pipe",
    detached: true,
  });
  return {
    pid: child.pid,
    stdout: child.stdout,
    stderr: child.stderr,
    exited: child.exited.then((code) =>
      child.signalCode ? 128 + signalNumber(String(child.signalCode)) : code,
    ),
    writeStdin(data) {
      const sink = child.stdin;
      if (sink && typeof sink !== "number") {
        sink.write(data);
        sink.flush();
      }
    },
    endStdin() {
      const sink = child.stdin;
      if (sink && typeof sink !== "number") sink.end();
    },
    killGroup(signal = "SIGKILL") {
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    },
  };
}

function signalNumber(signal: string): number {
  const table: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return table[signal] ?? 0;
}

/** The Bun platform. */
export const bunPlatform: Platform = {
  name: "bun",
  serveHttp,
  listenTcp: bunListenTcp,
  connectTcp: bunConnectTcp,
  spawn,
};

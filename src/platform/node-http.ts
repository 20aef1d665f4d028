/**
 * HTTP and WebSocket serving on node:http and the `ws` package (noServer mode), for the Node build.
 * Requests become web `Request`s so handlers are the same as on Bun; upgrades run through one
 * WebSocketServer per payload limit, because `ws` applies `maxPayload` per server, not per socket.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { Readable } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { HttpHandler, HttpServer, ServerSocket, UpgradeOptions, WebSocketHandlers } from "./platform.ts";

/** Same default as bun.ts: frames above this close the socket with 1009 unless the upgrade sets less. */
const DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

/** The subprotocol each pending upgrade wants echoed, read back by `handleProtocols`. */
const chosenProtocol = new WeakMap<IncomingMessage, string>();

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin).href, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  for await (const chunk of response.body) {
    if (res.destroyed) break; // the client went away; leaving the loop cancels the body stream
    // Respect backpressure: wait for the kernel to take big bodies instead of buffering them whole.
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

/** Resolves on "drain", or on "close" when the client disconnects and no drain will come. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

/** Writes a plain HTTP response on a raw socket (an upgrade request the handler answered itself). */
async function writeRawResponse(socket: Duplex, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText || "Error"}`];
  response.headers.forEach((value, name) => {
    if (name !== "content-length" && name !== "connection") lines.push(`${name}: ${value}`);
  });
  lines.push(`content-length: ${body.byteLength}`, "connection: close", "", "");
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n")), body]));
}

function wrapSocket(ws: WebSocket, remoteAddress: string): ServerSocket {
  return {
    remoteAddress,
    protocol: ws.protocol,
    send(text) {
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(text);
      return true;
    },
    ping() {
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
    },
  };
}

function attach(ws: WebSocket, handlers: WebSocketHandlers, remoteAddress: string): void {
  const socket = wrapSocket(ws, remoteAddress);
  ws.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    handlers.message(socket, isBinary ? new Uint8Array(bytes) : bytes.toString("utf8"));
  });
  ws.on("pong", () => handlers.pong?.(socket));
  ws.on("close", (code: number, reason: Buffer) => handlers.close(socket, code, reason.toString("utf8")));
  // Errors (e.g. an oversized frame) are followed by "close"; nothing else to do here.
  ws.on("error", () => {});
  handlers.open(socket);
}

/** Serves HTTP on node:http; resolves once listening. */
export async function nodeServeHttp(options: {
  host: string;
  port: number;
  handler: HttpHandler;
}): Promise<HttpServer> {
  const servers = new Map<number, WebSocketServer>();
  const sockets = new Set<WebSocket>();
  const wssFor = (maxPayload: number) => {
    let wss = servers.get(maxPayload);
    if (!wss) {
      wss = new WebSocketServer({
        noServer: true,
        maxPayload,
        handleProtocols: (_offered, req) => chosenProtocol.get(req) ?? false,
      });
      servers.set(maxPayload, wss);
    }
    return wss;
  };

  const server = createServer((req, res) => {
    const request = toRequest(req, origin());
    const context = { remoteAddress: req.socket.remoteAddress ?? "", upgrade: () => false };
    options
      .handler(request, context)
      .then(
        (response) => writeResponse(res, response ?? new Response("upgrade failed\n", { status: 400 })),
        () => writeResponse(res, new Response("internal error\n", { status: 500 })),
      )
      .catch(() => res.destroy());
  });

  server.on("upgrade", (req: IncomingMessage, raw: Duplex, head: Buffer) => {
    const remoteAddress = req.socket.remoteAddress ?? "";
    let upgraded = false;
    const upgrade = (handlers: WebSocketHandlers, upgradeOptions?: UpgradeOptions) => {
      if (upgraded || (req.headers.upgrade ?? "").toLowerCase() !== "websocket") return false;
      if (!req.headers["sec-websocket-key"]) return false;
      upgraded = true;
      if (upgradeOptions?.protocol) chosenProtocol.set(req, upgradeOptions.protocol);
      wssFor(upgradeOptions?.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD).handleUpgrade(req, raw, head, (ws) => {
        sockets.add(ws);
        ws.once("close", () => sockets.delete(ws));
        attach(ws, handlers, remoteAddress);
      });
      return true;
    };
    options
      .handler(toRequest(req, origin()), { remoteAddress, upgrade })
      .then(
        (response) => {
          if (response) return writeRawResponse(raw, response);
          if (!upgraded) return writeRawResponse(raw, new Response("upgrade failed\n", { status: 400 }));
          return undefined;
        },
        () => writeRawResponse(raw, new Response("internal error\n", { status: 500 })),
      )
      .catch(() => raw.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  function origin(): string {
    const host = options.host.includes(":") ? `[${options.host}]` : options.host;
    return `http://${host}:${port}`;
  }

  return {
    host: options.host,
    port,
    stop(force) {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (force) {
          for (const ws of sockets) ws.terminate();
          server.closeAllConnections();
        } else {
          for (const ws of sockets) ws.close(1001, "server stopping");
          server.closeIdleConnections();
        }
        for (const wss of servers.values()) wss.close();
      });
    },
  };
}

/**
 * A small MCP server over HTTP for tests, on 127.0.0.1 port 0, speaking both remote transports:
 * streamable HTTP at /mcp (initialize answers JSON with an Mcp-Session-Id, which later requests must
 * echo; tools/call answers as an SSE stream) and the older HTTP+SSE at /sse (GET opens the stream,
 * the `endpoint` event names /messages, answers arrive as `message` events; a POST to /sse is 405,
 * as such servers answer). /bad answers every POST with a body that is not JSON.
 * Every request must carry the configured header, or it gets 401. One tool: `echo`.
 */

type Json = Record<string, unknown>;

export interface FakeMcpHttpRequest {
  method: string;
  path: string;
  rpcMethod?: string | undefined;
  sessionId: string | null;
  header: string | null;
}

export interface FakeMcpHttpServer {
  url: string;
  requests: FakeMcpHttpRequest[];
  /** Requests that arrived without the required header. */
  rejected: FakeMcpHttpRequest[];
  stop(): Promise<void>;
}

const SESSION = "fake-session-1";
const TOOLS = [
  {
    name: "echo",
    description: "Echoes text back from the remote server",
    inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
  },
];

function answer(message: Json): Json | undefined {
  const { id, method } = message;
  if (id === undefined) return undefined;
  const params = (message["params"] ?? {}) as Json;
  if (method === "initialize") {
    return {
      jsonrpc: "2.0",
      id,
      result: {
        protocolVersion: params["protocolVersion"],
        capabilities: { tools: {} },
        serverInfo: { name: "fake-http", version: "1" },
      },
    };
  }
  if (method === "tools/list") return { jsonrpc: "2.0", id, result: { tools: TOOLS } };
  if (method === "tools/call") {
    const args = (params["arguments"] ?? {}) as Json;
    return {
      jsonrpc: "2.0",
      id,
      result: { content: [{ type: "text", text: `remote echo: ${String(args["text"])}` }], isError: false },
    };
  }
  return { jsonrpc: "2.0", id, error: { code: -32601, message: "method not found" } };
}

const sse = (event: string, data: string) => new TextEncoder().encode(`event: ${event}\ndata: ${data}\n\n`);

/** Starts the server; `header` is the [name, value] every request must carry. */
export function startFakeMcpHttpServer(header: [string, string]): FakeMcpHttpServer {
  const requests: FakeMcpHttpRequest[] = [];
  const rejected: FakeMcpHttpRequest[] = [];
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const body = request.method === "POST" ? await request.text() : "";
      let message: Json = {};
      try {
        message = body ? (JSON.parse(body) as Json) : {};
      } catch {
        return new Response("bad json", { status: 400 });
      }
      const seen: FakeMcpHttpRequest = {
        method: request.method,
        path,
        rpcMethod: typeof message["method"] === "string" ? message["method"] : undefined,
        sessionId: request.headers.get("mcp-session-id"),
        header: request.headers.get(header[0]),
      };
      if (seen.header !== header[1]) {
        rejected.push(seen);
        return new Response("missing credentials", { status: 401 });
      }
      requests.push(seen);
      if (path === "/bad")
        return new Response("this is {not json", { headers: { "Content-Type": "application/json" } });
      if (path === "/mcp" && request.method === "POST") {
        if (seen.rpcMethod !== "initialize" && seen.sessionId !== SESSION) {
          return new Response("missing session", { status: 400 });
        }
        const reply = answer(message);
        if (!reply) return new Response(null, { status: 202 });
        if (seen.rpcMethod === "tools/call") {
          return new Response(sse("message", JSON.stringify(reply)), {
            headers: { "Content-Type": "text/event-stream" },
          });
        }
        return Response.json(reply, { headers: { "Mcp-Session-Id": SESSION } });
      }
      if (path === "/mcp" && request.method === "DELETE") return new Response(null, { status: 204 });
      if (path === "/sse" && request.method === "GET") {
        let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            controller = c;
            streams.add(c);
            c.enqueue(sse("endpoint", "/messages?session=legacy"));
          },
          cancel() {
            if (controller) streams.delete(controller);
          },
        });
        return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
      }
      if (path === "/messages" && request.method === "POST") {
        const reply = answer(message);
        if (reply) for (const stream of streams) stream.enqueue(sse("message", JSON.stringify(reply)));
        return new Response("Accepted", { status: 202 });
      }
      return new Response("method not allowed", { status: 405 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    rejected,
    async stop() {
      for (const stream of streams) {
        try {
          stream.close();
        } catch {
          // already closed by the client
        }
      }
      await server.stop(true);
    },
  };
}

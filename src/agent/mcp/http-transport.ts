/**
 * The MCP streamable HTTP transport (spec 2025-03-26 / 2025-06-18): every message is a POST to one
 * endpoint accepting JSON or an SSE stream back; the Mcp-Session-Id from initialize is echoed on
 * later requests, and a 404 for that session ends the connection so the manager reconnects.
 * Configured headers (e.g. Authorization) go on every request.
 */
import { errorMessage } from "../../lib/errors.ts";
import { readLimited } from "../../lib/read-limited.ts";
import { readSseEvents } from "../../providers/read-sse.ts";
import { parseMessage } from "./protocol.ts";
import { describeUrl, McpHttpError, type McpMessageHandler, type McpTransport } from "./transport.ts";

/** A JSON answer larger than this is refused (a tools/list fits easily). */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export interface HttpTransportOptions {
  name: string;
  url: string;
  headers?: Readonly<Record<string, string>> | undefined;
  fetch?: typeof fetch | undefined;
}

/** Opens nothing yet: the first POST (initialize) is the connection. */
export function createHttpTransport(
  options: HttpTransportOptions,
  onMessage: McpMessageHandler,
): McpTransport {
  const url = new URL(options.url);
  const where = `MCP server '${options.name}' at ${describeUrl(url)}`;
  const doFetch = options.fetch ?? fetch;
  const stop = new AbortController();
  let sessionId: string | undefined;
  let protocolVersion: string | undefined;
  let endConnection: (reason: Error) => void = () => {};
  const closed = new Promise<Error>((resolve) => {
    endConnection = resolve;
  });

  const headersFor = (extra: Record<string, string>): Headers => {
    const headers = new Headers(options.headers ?? {});
    for (const [key, value] of Object.entries(extra)) headers.set(key, value);
    if (sessionId) headers.set("Mcp-Session-Id", sessionId);
    if (protocolVersion) headers.set("MCP-Protocol-Version", protocolVersion);
    return headers;
  };

  /** Forwards one message; returns the id of a response, if it is one. Throws on garbage. */
  const deliver = (text: string): number | undefined => {
    const message = parseMessage(text);
    if (message === undefined) return undefined;
    if (typeof message === "string") throw new Error(`${where} sent a bad message: ${message}`);
    if (message.type === "response") {
      const result = message.result as Record<string, unknown> | undefined;
      if (typeof result?.["protocolVersion"] === "string") protocolVersion = result["protocolVersion"];
    }
    onMessage(text);
    return message.type === "response" || message.type === "error" ? message.id : undefined;
  };

  const deliverJson = (body: string): number[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Error(`${where} answered with a body that is not JSON: ${body.slice(0, 120)}`);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.flatMap((item) => deliver(JSON.stringify(item)) ?? []);
  };

  const post = async (message: Readonly<Record<string, unknown>>): Promise<void> => {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: headersFor({
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
        }),
        body: JSON.stringify(message),
        signal: stop.signal,
      });
    } catch (error) {
      throw new Error(`${where} is unreachable: ${errorMessage(error)}`);
    }
    if (response.status === 404 && sessionId) {
      await response.body?.cancel();
      const error = new Error(`${where} ended the session (HTTP 404); reconnecting on the next call`);
      endConnection(error);
      throw error;
    }
    if (!response.ok) {
      const detail = (await response.text().catch(() => "")).slice(0, 200);
      throw new McpHttpError(
        `${where} answered HTTP ${response.status}${detail ? `: ${detail}` : ""}`,
        response.status,
      );
    }
    const session = response.headers.get("mcp-session-id");
    if (session) sessionId = session;
    const type = response.headers.get("content-type") ?? "";
    const answered: number[] = [];
    if (type.includes("text/event-stream") && response.body) {
      for await (const event of readSseEvents(response.body)) {
        if (event.event !== "message" || event.data.trim() === "") continue;
        const id = deliver(event.data);
        if (id !== undefined) answered.push(id);
        if (id === message["id"]) break;
      }
    } else if (type.includes("application/json")) {
      const body = new TextDecoder().decode(await readLimited(response, MAX_JSON_BYTES, "MCP response"));
      if (body.trim() !== "") answered.push(...deliverJson(body));
    } else {
      await response.body?.cancel();
    }
    const isRequest = typeof message["method"] === "string" && message["id"] !== undefined;
    if (isRequest && !answered.includes(message["id"] as number)) {
      throw new Error(`${where} answered ${String(message["method"])} without a JSON-RPC response`);
    }
  };

  return {
    closed,
    send: post,
    async close() {
      stop.abort();
      if (sessionId) {
        // The spec asks clients to end their session; a server that refuses or is gone changes nothing.
        await doFetch(url, { method: "DELETE", headers: headersFor({}) }).then(
          (r) => r.body?.cancel(),
          () => {},
        );
      }
      endConnection(new Error(`${where} was closed`));
    },
  };
}

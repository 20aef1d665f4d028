/**
 * One MCP connection over any transport (stdio, streamable HTTP, HTTP+SSE): requests with ids,
 * per-request timeouts and abort (sent on as notifications/cancelled), and every pending request
 * failed when the connection ends.
 */
import { AbortedError, errorMessage, TimeoutError } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import {
  MCP_PROTOCOL_VERSION,
  type McpCallResult,
  type McpToolInfo,
  METHOD_NOT_FOUND,
  parseCallResult,
  parseMessage,
  parseToolList,
} from "./protocol.ts";
import type { McpTransport, OpenMcpTransport } from "./transport.ts";

const log = createLogger("mcp");

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** A live connection. Create with `connectMcpClient`. */
export class McpClient {
  readonly #transport: McpTransport;
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #exitError: Error | undefined;
  /** Resolves when the connection is over. */
  readonly exited: Promise<void>;

  constructor(transport: McpTransport, name: string, timeoutMs: number) {
    this.#transport = transport;
    this.#name = name;
    this.#timeoutMs = timeoutMs;
    this.exited = transport.closed.then((reason) => {
      this.#exitError = reason;
      for (const pending of this.#pending.values()) pending.reject(reason);
      this.#pending.clear();
    });
  }

  /** False once the process has exited. */
  get isAlive(): boolean {
    return this.#exitError === undefined;
  }

  /** Sends a request and waits for its response. */
  request(method: string, params: unknown, signal?: AbortSignal): Promise<unknown> {
    if (this.#exitError) return Promise.reject(this.#exitError);
    if (signal?.aborted) return Promise.reject(new AbortedError(method));
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.#pending.delete(id);
      };
      const cancel = (error: Error) => {
        finish();
        // Tell the server to stop working on it (MCP cancellation notification).
        this.notify("notifications/cancelled", { requestId: id, reason: error.message });
        reject(error);
      };
      const onAbort = () => cancel(new AbortedError(method));
      const timer = setTimeout(
        () => cancel(new TimeoutError(`MCP ${method}`, this.#timeoutMs)),
        this.#timeoutMs,
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (result) => {
          finish();
          resolve(result);
        },
        reject: (error) => {
          finish();
          reject(error);
        },
      });
      this.#transport.send({ jsonrpc: "2.0", id, method, params }).catch((error: unknown) => {
        this.#pending.get(id)?.reject(error instanceof Error ? error : new Error(errorMessage(error)));
      });
    });
  }

  /** Sends a notification (no response). */
  notify(method: string, params?: unknown): void {
    if (this.#exitError) return;
    this.#write(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  /** All tools, following pagination cursors. */
  async listTools(signal?: AbortSignal): Promise<McpToolInfo[]> {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    do {
      const page = parseToolList(await this.request("tools/list", cursor ? { cursor } : {}, signal));
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools;
  }

  /** Calls one tool. */
  async callTool(name: string, args: unknown, signal?: AbortSignal): Promise<McpCallResult> {
    return parseCallResult(await this.request("tools/call", { name, arguments: args ?? {} }, signal));
  }

  /** Ends the connection (a stdio server's whole process group) and waits for it. */
  async close(): Promise<void> {
    await this.#transport.close();
    await this.exited;
  }

  #write(message: Record<string, unknown>): void {
    this.#transport.send(message).catch((error: unknown) => {
      log.warn("send to MCP server failed", { server: this.#name, error: errorMessage(error) });
    });
  }

  /** Handles one incoming message (the transport's handler). */
  receive(line: string): void {
    const message = parseMessage(line);
    if (message === undefined) return;
    if (typeof message === "string") {
      log.debug("ignoring line from MCP server", { server: this.#name, reason: message });
      return;
    }
    switch (message.type) {
      case "response":
        this.#pending.get(message.id)?.resolve(message.result);
        return;
      case "error":
        this.#pending.get(message.id)?.reject(new Error(`MCP error ${message.code}: ${message.message}`));
        return;
      case "request":
        // We offer no client features (roots, sampling); answer ping, refuse the rest.
        this.#write(
          message.method === "ping"
            ? { jsonrpc: "2.0", id: message.id, result: {} }
            : {
                jsonrpc: "2.0",
                id: message.id,
                error: { code: METHOD_NOT_FOUND, message: "method not found" },
              },
        );
        return;
      case "notification":
        return;
      default:
        message satisfies never;
    }
  }
}

/** Opens the transport and performs the initialize handshake. */
export async function connectMcpClient(
  open: OpenMcpTransport,
  options: {
    name: string;
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    protocolVersion?: string | undefined;
  },
): Promise<McpClient> {
  let client: McpClient | undefined;
  const transport = await open((text) => client?.receive(text));
  client = new McpClient(transport, options.name, options.timeoutMs);
  try {
    await client.request(
      "initialize",
      {
        protocolVersion: options.protocolVersion ?? MCP_PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: "picoclaw", version: "0.1.0" },
      },
      options.signal,
    );
    client.notify("notifications/initialized");
    return client;
  } catch (error) {
    await client.close();
    throw error;
  }
}

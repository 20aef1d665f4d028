/**
 * One MCP connection over a child's stdio: requests with ids, per-request timeouts and abort
 * (sent on as notifications/cancelled), and every pending request failed when the process exits.
 */
import { AbortedError, TimeoutError } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChildProcess } from "../../platform/platform.ts";
import {
  MCP_PROTOCOL_VERSION,
  type McpCallResult,
  type McpToolInfo,
  METHOD_NOT_FOUND,
  parseCallResult,
  parseMessage,
  parseToolList,
} from "./protocol.ts";

const log = createLogger("mcp");

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** Keeps the tail of the server's stderr, to explain why it died. */
const STDERR_TAIL_CHARS = 2000;

/** A live connection. Create with `connectMcpClient`. */
export class McpClient {
  readonly #child: ChildProcess;
  readonly #name: string;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #exitError: Error | undefined;
  #stderrTail = "";
  /** Resolves when the server process has exited. */
  readonly exited: Promise<void>;

  constructor(child: ChildProcess, name: string, timeoutMs: number) {
    this.#child = child;
    this.#name = name;
    this.#timeoutMs = timeoutMs;
    void this.#readLines(child.stdout, (line) => this.#onLine(line));
    void this.#readLines(child.stderr, (line) => {
      this.#stderrTail = `${this.#stderrTail}${line}\n`.slice(-STDERR_TAIL_CHARS);
      log.debug("server stderr", { server: name, line });
    });
    this.exited = child.exited.then((code) => {
      const detail = this.#stderrTail.trim();
      this.#exitError = new Error(
        `MCP server '${name}' exited with code ${code}${detail ? `: ${detail.split("\n").at(-1)}` : ""}`,
      );
      for (const pending of this.#pending.values()) pending.reject(this.#exitError);
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
      this.#write({ jsonrpc: "2.0", id, method, params });
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

  /** Ends the process (its whole group) and waits for it. */
  async close(): Promise<void> {
    if (this.isAlive) {
      this.#child.endStdin();
      this.#child.killGroup("SIGTERM");
    }
    await this.exited;
  }

  #write(message: unknown): void {
    try {
      this.#child.writeStdin(`${JSON.stringify(message)}\n`);
    } catch (error) {
      log.warn("write to MCP server failed", { server: this.#name, error: String(error) });
    }
  }

  #onLine(line: string): void {
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

  async #readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of stream) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline = buffer.indexOf("\n");
        while (newline >= 0) {
          onLine(buffer.slice(0, newline).replace(/\r$/, ""));
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf("\n");
        }
      }
    } catch {
      // the pipe broke because the process died; `exited` reports it
    }
    if (buffer.trim() !== "") onLine(buffer);
  }
}

/** Wraps a spawned server and performs the initialize handshake. */
export async function connectMcpClient(
  child: ChildProcess,
  options: { name: string; timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<McpClient> {
  const client = new McpClient(child, options.name, options.timeoutMs);
  try {
    await client.request(
      "initialize",
      {
        protocolVersion: MCP_PROTOCOL_VERSION,
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

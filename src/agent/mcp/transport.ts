/**
 * How an MCP client moves JSON-RPC messages: stdio (a child process), streamable HTTP, or the older
 * HTTP+SSE transport. A transport delivers every incoming message's text to the handler it was opened with.
 */

/** One open connection. */
export interface McpTransport {
  /** Sends one message; rejects with a clear error when it could not be delivered or answered. */
  send(message: Readonly<Record<string, unknown>>): Promise<void>;
  /** Resolves with the reason once the connection is over (process exit, stream end, expired session). */
  readonly closed: Promise<Error>;
  close(): Promise<void>;
}

/** Receives each incoming message as JSON text. */
export type McpMessageHandler = (text: string) => void;

/** Opens a transport that feeds `onMessage`. */
export type OpenMcpTransport = (onMessage: McpMessageHandler) => Promise<McpTransport>;

/** An HTTP answer that was not 2xx; `status` lets the caller fall back from streamable HTTP to SSE. */
export class McpHttpError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = "McpHttpError";
    this.status = status;
  }
}

/** The URL without query or credentials, safe for logs and errors. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

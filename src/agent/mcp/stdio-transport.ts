/** The MCP stdio transport: newline-delimited JSON-RPC over a child's stdin/stdout; stderr kept for errors. */
import { createLogger } from "../../lib/logger.ts";
import type { ChildProcess } from "../../platform/platform.ts";
import type { McpMessageHandler, McpTransport } from "./transport.ts";

const log = createLogger("mcp");

/** Keeps the tail of the server's stderr, to explain why it died. */
const STDERR_TAIL_CHARS = 2000;

/** Wraps a spawned server process. */
export function createStdioTransport(
  child: ChildProcess,
  name: string,
  onMessage: McpMessageHandler,
): McpTransport {
  let stderrTail = "";
  let isOpen = true;
  void readLines(child.stdout, onMessage);
  void readLines(child.stderr, (line) => {
    stderrTail = `${stderrTail}${line}\n`.slice(-STDERR_TAIL_CHARS);
    log.debug("server stderr", { server: name, line });
  });
  const closed = child.exited.then((code) => {
    isOpen = false;
    const detail = stderrTail.trim();
    return new Error(
      `MCP server '${name}' exited with code ${code}${detail ? `: ${detail.split("\n").at(-1)}` : ""}`,
    );
  });
  return {
    closed,
    async send(message) {
      if (!isOpen) return;
      try {
        child.writeStdin(`${JSON.stringify(message)}\n`);
      } catch (error) {
        log.warn("write to MCP server failed", { server: name, error: String(error) });
      }
    },
    async close() {
      if (isOpen) {
        child.endStdin();
        child.killGroup("SIGTERM");
      }
      await closed;
    },
  };
}

async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
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
    // the pipe broke because the process died; `closed` reports it
  }
  if (buffer.trim() !== "") onLine(buffer);
}

/**
 * A tiny real MCP server on stdio (newline-delimited JSON-RPC 2.0) for tests: run with `bun`.
 * Tools: echo, add, fail (isError), big (long text), slow (never answers), crash (exits), env (reads a variable).
 * tools/list is split into two pages to exercise cursors. `--pid-file PATH` records its pid.
 */
import { writeFileSync } from "node:fs";

type Json = Record<string, unknown>;

const pidFileAt = process.argv.indexOf("--pid-file");
if (pidFileAt > 0) writeFileSync(process.argv[pidFileAt + 1] ?? "", String(process.pid));

const object = (properties: Json, required: string[] = []) => ({ type: "object", properties, required });
const PAGES: Json[][] = [
  [
    {
      name: "echo",
      description: "Echoes text back",
      inputSchema: object({ text: { type: "string" } }, ["text"]),
    },
    {
      name: "add",
      description: "Adds two numbers",
      inputSchema: object({ a: { type: "number" }, b: { type: "number" } }),
    },
    { name: "fail", description: "Always fails", inputSchema: object({}) },
  ],
  [
    {
      name: "big",
      description: "Returns size characters",
      inputSchema: object({ size: { type: "number" } }),
    },
    { name: "slow", description: "Waits until cancelled", inputSchema: object({}) },
    { name: "crash", description: "Exits the server", inputSchema: object({}) },
    {
      name: "env",
      description: "Reads an environment variable",
      inputSchema: object({ name: { type: "string" } }),
    },
  ],
];

const send = (message: Json): void => {
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
};
const text = (value: string, isError = false) => ({ content: [{ type: "text", text: value }], isError });
let isInitialized = false;

function handle(message: Json): void {
  const { id, method } = message;
  const params = (message["params"] ?? {}) as Json;
  if (method === "initialize") {
    send({
      id,
      result: {
        protocolVersion: params["protocolVersion"],
        capabilities: { tools: {} },
        serverInfo: { name: "fake", version: "1" },
      },
    });
    return;
  }
  if (method === "notifications/initialized") {
    isInitialized = true;
    return;
  }
  if (method === "notifications/cancelled") {
    process.stderr.write(`cancelled ${String(params["requestId"])}\n`);
    return;
  }
  if (!isInitialized) {
    send({ id, error: { code: -32002, message: "not initialized" } });
    return;
  }
  if (method === "tools/list") {
    const page = params["cursor"] === "2" ? 1 : 0;
    send({ id, result: { tools: PAGES[page], ...(page === 0 ? { nextCursor: "2" } : {}) } });
    return;
  }
  if (method === "tools/call") {
    const args = (params["arguments"] ?? {}) as Json;
    switch (params["name"]) {
      case "echo":
        send({ id, result: text(String(args["text"])) });
        return;
      case "add":
        send({ id, result: text(String(Number(args["a"]) + Number(args["b"]))) });
        return;
      case "fail":
        send({ id, result: text("boom", true) });
        return;
      case "big":
        send({ id, result: text("x".repeat(Number(args["size"]))) });
        return;
      case "slow":
        return;
      case "env":
        send({ id, result: text(process.env[String(args["name"])] ?? "(unset)") });
        return;
      case "crash":
        process.stderr.write("crashing on purpose\n");
        process.exit(3);
        return;
      default:
        send({ id, error: { code: -32602, message: `unknown tool ${String(params["name"])}` } });
        return;
    }
  }
  if (id !== undefined) send({ id, error: { code: -32601, message: "method not found" } });
}

let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk: string) => {
  buffer += chunk;
  let newline = buffer.indexOf("\n");
  while (newline >= 0) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    if (line.trim()) handle(JSON.parse(line) as Json);
    newline = buffer.indexOf("\n");
  }
});
process.stdin.on("end", () => process.exit(0));

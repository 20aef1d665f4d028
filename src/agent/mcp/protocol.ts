/**
 * MCP wire types and parsing (JSON-RPC 2.0, one JSON object per line on stdio; spec 2024-11-05).
 * Parsing is pure: raw text in, a typed message or a reason out.
 */

/** The protocol revision we speak; servers may answer with another they support. */
export const MCP_PROTOCOL_VERSION = "2024-11-05";

/** JSON-RPC error codes we send or test for. */
export const METHOD_NOT_FOUND = -32601;

/** One incoming frame. */
export type IncomingMessage =
  | { type: "response"; id: number; result: unknown }
  | { type: "error"; id: number; code: number; message: string }
  | { type: "request"; id: string | number; method: string }
  | { type: "notification"; method: string };

/** A tool a server offers (tools/list). */
export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** One content block of a tools/call result. */
export type McpContent =
  | { type: "text"; text: string }
  | { type: "image" | "audio"; mimeType: string }
  | { type: "resource"; uri: string; text?: string | undefined }
  | { type: "other"; kind: string };

/** The result of tools/call. */
export interface McpCallResult {
  content: McpContent[];
  isError: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses one line; undefined for blank lines, a string reason for garbage. */
export function parseMessage(line: string): IncomingMessage | string | undefined {
  if (line.trim() === "") return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return "not JSON";
  }
  if (!isObj(raw) || raw["jsonrpc"] !== "2.0") return "not a JSON-RPC 2.0 message";
  const id = raw["id"];
  const method = raw["method"];
  if (typeof method === "string") {
    return typeof id === "string" || typeof id === "number"
      ? { type: "request", id, method }
      : { type: "notification", method };
  }
  if (typeof id !== "number") return "response without a numeric id";
  const error = raw["error"];
  if (isObj(error)) {
    const code = typeof error["code"] === "number" ? error["code"] : 0;
    const message = typeof error["message"] === "string" ? error["message"] : "unknown error";
    return { type: "error", id, code, message };
  }
  return { type: "response", id, result: raw["result"] };
}

/** Reads the `tools` array of a tools/list result; skips entries without a name. */
export function parseToolList(result: unknown): { tools: McpToolInfo[]; nextCursor: string | undefined } {
  if (!isObj(result) || !Array.isArray(result["tools"])) return { tools: [], nextCursor: undefined };
  const tools: McpToolInfo[] = [];
  for (const entry of result["tools"]) {
    if (!isObj(entry) || typeof entry["name"] !== "string") continue;
    tools.push({
      name: entry["name"],
      description: typeof entry["description"] === "string" ? entry["description"] : "",
      inputSchema: isObj(entry["inputSchema"]) ? entry["inputSchema"] : { type: "object", properties: {} },
    });
  }
  const cursor = result["nextCursor"];
  return { tools, nextCursor: typeof cursor === "string" && cursor !== "" ? cursor : undefined };
}

/** Reads a tools/call result. */
export function parseCallResult(result: unknown): McpCallResult {
  if (!isObj(result)) return { content: [], isError: false };
  const blocks = Array.isArray(result["content"]) ? result["content"] : [];
  const content = blocks.filter(isObj).map((block): McpContent => {
    const type = typeof block["type"] === "string" ? block["type"] : "unknown";
    if (type === "text") return { type, text: typeof block["text"] === "string" ? block["text"] : "" };
    if (type === "image" || type === "audio") {
      return { type, mimeType: typeof block["mimeType"] === "string" ? block["mimeType"] : "unknown" };
    }
    if (type === "resource" && isObj(block["resource"])) {
      const resource = block["resource"];
      return {
        type,
        uri: typeof resource["uri"] === "string" ? resource["uri"] : "",
        text: typeof resource["text"] === "string" ? resource["text"] : undefined,
      };
    }
    return { type: "other", kind: type };
  });
  return { content, isError: result["isError"] === true };
}

/** The text the model sees for a result's content. */
export function contentToText(content: readonly McpContent[]): string {
  return content
    .map((block) => {
      switch (block.type) {
        case "text":
          return block.text;
        case "image":
          return `[Image: ${block.mimeType}]`;
        case "audio":
          return `[Audio: ${block.mimeType}]`;
        case "resource":
          return block.text ?? `[Resource: ${block.uri}]`;
        case "other":
          return `[MCP returned unsupported content type ${block.kind}]`;
        default:
          return block satisfies never;
      }
    })
    .join("\n");
}

/**
 * MCP servers from `tools.mcp.servers` — local processes started through the platform seam (stdio)
 * or remote servers over streamable HTTP or HTTP+SSE — exposed as tools named `mcp_<server>_<tool>`.
 * A server that died or dropped its session is connected again on the next call, so one failure
 * costs one failed tool call, not the rest of the gateway's life.
 */
import { errorMessage } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import type { ChildProcess, SpawnOptions } from "../../platform/platform.ts";
import type { Tool } from "../../tools/tool.ts";
import { connectMcpClient, type McpClient } from "./client.ts";
import { loadEnvFile } from "./env-file.ts";
import { createHttpTransport } from "./http-transport.ts";
import { contentToText, type McpCallResult, type McpToolInfo } from "./protocol.ts";
import { openSseTransport } from "./sse-transport.ts";
import { createStdioTransport } from "./stdio-transport.ts";
import { mcpToolName } from "./tool-name.ts";
import { McpHttpError, type OpenMcpTransport } from "./transport.ts";

const log = createLogger("mcp");

/** One entry of `tools.mcp.servers`. */
export interface McpServerConfig {
  enabled?: boolean | undefined;
  command?: string | undefined;
  args?: readonly string[] | undefined;
  env?: Readonly<Record<string, string>> | undefined;
  env_file?: string | undefined;
  type?: string | undefined;
  url?: string | undefined;
  /** Sent on every HTTP request to a remote server. */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** How a server is reached: `type`, or (as PicoClaw) a url means SSE/HTTP and a command means stdio. */
export function mcpTransportKind(config: McpServerConfig): "stdio" | "http" | "sse" | undefined {
  const type = config.type ?? "";
  if (type === "stdio") return config.command ? "stdio" : undefined;
  if (type === "http" || type === "streamable-http") return config.url ? "http" : undefined;
  if (type === "sse" || type === "") {
    if (config.url) return "sse";
    return type === "" && config.command ? "stdio" : undefined;
  }
  return undefined;
}

/** Starts a process: the platform seam's `spawn`, passed in. */
export type SpawnProcess = (
  argv: readonly string[],
  options: SpawnOptions,
) => ChildProcess | Promise<ChildProcess>;

export interface McpManagerOptions {
  servers: Readonly<Record<string, McpServerConfig>>;
  /** Base for relative `env_file` paths. */
  workspace: string;
  spawn: SpawnProcess;
  /** Environment the servers inherit (default: this process's). */
  baseEnv?: Readonly<Record<string, string | undefined>> | undefined;
  requestTimeoutMs?: number | undefined;
  /** `tools.mcp.max_inline_text_chars`: longer text results are cut with a note. */
  maxInlineTextChars?: number | undefined;
}

/** Connection facts for `/list mcp` and status output. */
export interface McpServerStatus {
  name: string;
  isConnected: boolean;
  toolCount: number;
  lastError?: string | undefined;
}

export interface McpManager {
  /** Connects every enabled stdio server (in parallel) and lists its tools. Failures are logged, not thrown. */
  start(signal: AbortSignal): Promise<void>;
  /** One Tool per server tool, from the last successful listing. */
  tools(): Tool[];
  callTool(server: string, tool: string, args: unknown, signal?: AbortSignal): Promise<McpCallResult>;
  status(): McpServerStatus[];
  stop(): Promise<void>;
}

interface ServerState {
  name: string;
  config: McpServerConfig;
  kind: "stdio" | "http" | "sse";
  client?: McpClient | undefined;
  connecting?: Promise<McpClient> | undefined;
  tools: McpToolInfo[];
  lastError?: string | undefined;
}

const DEFAULT_MAX_INLINE = 16 * 1024;
/** The revision offered to HTTP servers (streamable HTTP exists since 2025-03-26). */
const STREAMABLE_HTTP_VERSION = "2025-03-26";

/** Creates the manager; nothing starts until `start`. */
export function createMcpManager(options: McpManagerOptions): McpManager {
  const spawn = options.spawn;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  const maxInline = options.maxInlineTextChars || DEFAULT_MAX_INLINE;
  const servers = new Map<string, ServerState>();
  for (const [name, config] of Object.entries(options.servers)) {
    if (!config.enabled) continue;
    const kind = mcpTransportKind(config);
    if (!kind) {
      log.warn("MCP server needs a command (stdio) or a url (http, sse); skipping", {
        server: name,
        type: config.type || "auto",
      });
      continue;
    }
    servers.set(name, { name, config, kind, tools: [] });
  }

  const openStdio = async (state: ServerState): Promise<OpenMcpTransport> => {
    const { command = "", args = [], env = {}, env_file: envFile } = state.config;
    const fileEnv = envFile ? await loadEnvFile(envFile, options.workspace) : {};
    const child = await spawn([command, ...args], {
      env: { ...(options.baseEnv ?? process.env), ...fileEnv, ...env },
      cwd: options.workspace,
      stdin: "pipe",
    });
    return async (onMessage) => createStdioTransport(child, state.name, onMessage);
  };

  const connectRemote = async (state: ServerState, signal?: AbortSignal): Promise<McpClient> => {
    const http = { name: state.name, url: state.config.url ?? "", headers: state.config.headers };
    const connectOptions = { name: state.name, timeoutMs, signal };
    try {
      return await connectMcpClient(async (onMessage) => createHttpTransport(http, onMessage), {
        ...connectOptions,
        protocolVersion: STREAMABLE_HTTP_VERSION,
      });
    } catch (error) {
      // The spec's backwards compatibility: a 4xx to the initialize POST means an HTTP+SSE server.
      const isOldServer = error instanceof McpHttpError && error.status >= 400 && error.status < 500;
      if (state.kind !== "sse" || !isOldServer) throw error;
      log.info("MCP server speaks the older HTTP+SSE transport", { server: state.name });
      return connectMcpClient((onMessage) => openSseTransport(http, onMessage, signal), connectOptions);
    }
  };

  const connect = async (state: ServerState, signal?: AbortSignal): Promise<McpClient> => {
    const client =
      state.kind === "stdio"
        ? await connectMcpClient(await openStdio(state), { name: state.name, timeoutMs, signal })
        : await connectRemote(state, signal);
    state.client = client;
    state.lastError = undefined;
    void client.exited.then(() => log.warn("MCP server connection ended", { server: state.name }));
    return client;
  };

  /** The live client, (re)starting the server when it is not running. */
  const ensureClient = (state: ServerState, signal?: AbortSignal): Promise<McpClient> => {
    if (state.client?.isAlive) return Promise.resolve(state.client);
    if (!state.connecting) {
      if (state.client) log.info("restarting MCP server", { server: state.name });
      state.connecting = connect(state, signal).finally(() => {
        state.connecting = undefined;
      });
    }
    return state.connecting;
  };

  const callTool = async (server: string, tool: string, args: unknown, signal?: AbortSignal) => {
    const state = servers.get(server);
    if (!state) throw new Error(`MCP server '${server}' is not configured`);
    const client = await ensureClient(state, signal);
    return client.callTool(tool, args, signal);
  };

  const toTool = (state: ServerState, info: McpToolInfo): Tool => ({
    definition: {
      name: mcpToolName(state.name, info.name),
      description: `[MCP:${state.name}] ${info.description || `MCP tool from ${state.name} server`}`,
      parameters: info.inputSchema,
    },
    async execute(args, context) {
      try {
        const result = await callTool(state.name, info.name, args, context.signal);
        const text = contentToText(result.content);
        if (result.isError) return { content: `MCP tool returned error: ${text}`, isError: true };
        return { content: capText(text, maxInline) };
      } catch (error) {
        return { content: `MCP tool execution failed: ${errorMessage(error)}`, isError: true };
      }
    },
  });

  return {
    async start(signal) {
      await Promise.all(
        [...servers.values()].map(async (state) => {
          try {
            const client = await ensureClient(state, signal);
            state.tools = await client.listTools(signal);
            log.info("MCP server connected", { server: state.name, tools: state.tools.length });
          } catch (error) {
            state.lastError = errorMessage(error);
            log.error("MCP server failed to start", { server: state.name, error: state.lastError });
          }
        }),
      );
    },
    tools: () => [...servers.values()].flatMap((state) => state.tools.map((info) => toTool(state, info))),
    callTool,
    status: () =>
      [...servers.values()].map((state) => ({
        name: state.name,
        isConnected: state.client?.isAlive === true,
        toolCount: state.tools.length,
        lastError: state.lastError,
      })),
    async stop() {
      await Promise.all([...servers.values()].map((state) => state.client?.close()));
    },
  };
}

/** Cuts text longer than `max` characters and says so, so the model knows it saw a part. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n\n[Output truncated: showing ${max} of ${text.length} characters]`;
}

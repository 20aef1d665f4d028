/**
 * Tool contract. Tools are plain objects; the per-turn context is an argument, never shared state.
 * A failing tool returns `{ isError: true }`, which the model sees; it never throws into the turn.
 */
import type { ToolDefinition } from "../providers/provider.ts";

/** Facts about the turn a tool runs in. */
export interface ToolContext {
  channel: string;
  chatId: string;
  sessionKey: string;
  workspace: string;
  signal: AbortSignal;
  /** True for internal channels (cli, system, subagent), which PicoClaw trusts more. */
  isInternal: boolean;
}

/** What the model sees. `forUser` is sent to the chat as well (e.g. the `message` tool). */
export interface ToolResult {
  content: string;
  isError?: boolean | undefined;
}

/** A tool the model may call. `execute` receives already-parsed JSON arguments (unknown: validate). */
export interface Tool {
  readonly definition: ToolDefinition;
  execute(args: unknown, context: ToolContext): Promise<ToolResult>;
}

/** The tools one agent may use. Contract: `execute` never throws; unknown tools are error results. */
export interface ToolRegistry {
  definitions(): readonly ToolDefinition[];
  execute(name: string, args: unknown, context: ToolContext): Promise<ToolResult>;
}

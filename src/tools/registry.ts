/**
 * The tool registry the agent calls. Its one rule: `execute` never throws. Bad arguments, unknown
 * names and crashing tools all become error results, and every result is scrubbed of config secrets.
 */
import type { ToolDefinition } from "../providers/provider.ts";
import { createSecretMasker } from "./mask-secrets.ts";
import type { Tool, ToolContext, ToolRegistry, ToolResult } from "./tool.ts";
import { isToolArgs } from "./tool-args.ts";
import { describeError, errorResult } from "./tool-result.ts";

export { collectSecrets } from "./collect-secrets.ts";

/** Options for `createToolRegistry`. */
export interface ToolRegistryOptions {
  /** Values to mask in tool output (see `collectSecrets`); empty disables masking. */
  secrets?: readonly string[] | undefined;
  /** Secrets shorter than this are not masked (PicoClaw `filter_min_length`, default 8). */
  filterMinLength?: number | undefined;
}

/** Builds a registry over a fixed list of tools. Throws on duplicate names (a wiring bug). */
export function createToolRegistry(tools: readonly Tool[], options: ToolRegistryOptions = {}): ToolRegistry {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    if (byName.has(tool.definition.name)) {
      throw new Error(`duplicate tool name: ${tool.definition.name}`);
    }
    byName.set(tool.definition.name, tool);
  }
  const definitions: readonly ToolDefinition[] = tools.map((tool) => tool.definition);
  const mask = createSecretMasker(options.secrets ?? [], options.filterMinLength ?? 8);

  const run = async (name: string, args: unknown, context: ToolContext): Promise<ToolResult> => {
    const tool = byName.get(name);
    if (!tool) return errorResult(`tool not found: ${name}`);
    if (!isToolArgs(args)) return errorResult(`invalid arguments for ${name}: expected a JSON object`);
    if (context.signal.aborted) return errorResult(`${name} was cancelled`);
    try {
      const result: unknown = await tool.execute(args, context);
      if (!isToolResult(result)) return errorResult(`${name} returned an invalid result`);
      return result;
    } catch (error) {
      return errorResult(`${name} failed: ${describeError(error)}`);
    }
  };

  return {
    definitions: () => definitions,
    async execute(name, args, context) {
      const result = await run(name, args, context);
      const content = mask(result.content);
      return result.isError ? { content, isError: true } : { content };
    },
  };
}

function isToolResult(value: unknown): value is ToolResult {
  return (
    typeof value === "object" && value !== null && "content" in value && typeof value.content === "string"
  );
}

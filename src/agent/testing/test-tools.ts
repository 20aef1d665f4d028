/** Tiny tool registry for agent tests: named handlers, every call recorded with its context. */
import type { ToolDefinition } from "../../providers/provider.ts";
import type { ToolContext, ToolRegistry, ToolResult } from "../../tools/tool.ts";

/** A recorded tool call. */
export interface RecordedCall {
  name: string;
  args: unknown;
  context: ToolContext;
}

/** A registry built from handlers, plus its call log. */
export interface TestTools extends ToolRegistry {
  readonly calls: RecordedCall[];
}

/** Creates a registry whose tools run the given handlers; unknown names are error results. */
export function createTestTools(
  handlers: Record<string, (args: unknown, context: ToolContext) => Promise<ToolResult> | ToolResult>,
): TestTools {
  const calls: RecordedCall[] = [];
  const definitions: ToolDefinition[] = Object.keys(handlers).map((name) => ({
    name,
    description: `test tool ${name}`,
    parameters: { type: "object", properties: {} },
  }));
  return {
    calls,
    definitions: () => definitions,
    async execute(name, args, context) {
      calls.push({ name, args, context });
      const handler = handlers[name];
      if (!handler) return { content: `unknown tool ${name}`, isError: true };
      return handler(args, context);
    },
  };
}

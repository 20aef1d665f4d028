/**
 * Result builders and the never-throw wrapper shared by the built-in tools. A tool reports failure as
 * an `isError` result, because the model can read and react to it, whereas a throw would end the turn.
 */
import type { ToolContext, ToolResult } from "./tool.ts";

/** A successful result. */
export function textResult(content: string): ToolResult {
  return { content };
}

/** A failed result the model sees. */
export function errorResult(content: string): ToolResult {
  return { content, isError: true };
}

/** Thrown by argument readers; turned into an error result by `catchToolErrors`. */
export class ToolInputError extends Error {
  override readonly name = "ToolInputError";
}

/** Wraps an execute function so that anything it throws becomes an error result. */
export function catchToolErrors(
  name: string,
  run: (args: unknown, context: ToolContext) => Promise<ToolResult>,
): (args: unknown, context: ToolContext) => Promise<ToolResult> {
  return async (args, context) => {
    try {
      return await run(args, context);
    } catch (error) {
      if (error instanceof ToolInputError) return errorResult(error.message);
      return errorResult(`${name} failed: ${describeError(error)}`);
    }
  };
}

/** A one-line description of a thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

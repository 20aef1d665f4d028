/** `web_search`: asks the configured search backend and lists titles, URLs and snippets for the model. */
import type { Tool } from "../tool.ts";
import { optionalInteger, optionalString, requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, describeError, errorResult, textResult } from "../tool-result.ts";
import type { SearchBackend, SearchRange } from "./search-backend.ts";

/** Options for `createWebSearchTool`. */
export interface WebSearchOptions {
  backend: SearchBackend;
  /** Results when the model gives no count (engine `max_results`, default 5). */
  defaultCount?: number | undefined;
}

const MAX_COUNT = 10;

/** Creates the `web_search` tool. */
export function createWebSearchTool(options: WebSearchOptions): Tool {
  const defaultCount = options.defaultCount ?? 5;
  return {
    definition: {
      name: "web_search",
      description: "Search the web. Returns titles, URLs and snippets; use web_fetch to read a page.",
      parameters: {
        type: "object",
        properties: {
          query: { type: "string", description: "Search query." },
          count: {
            type: "integer",
            description: `Number of results (1-${MAX_COUNT}, default ${defaultCount}).`,
          },
          range: {
            type: "string",
            enum: ["d", "w", "m", "y"],
            description: "Only results from the last day/week/month/year.",
          },
        },
        required: ["query"],
      },
    },
    execute: catchToolErrors("web_search", async (raw, context) => {
      const args = toolArgs(raw);
      const query = requiredString(args, "query").trim();
      if (query === "") return errorResult("query is required");
      const count = Math.min(Math.max(optionalInteger(args, "count") ?? defaultCount, 1), MAX_COUNT);
      const rangeText = optionalString(args, "range");
      const range =
        rangeText === "d" || rangeText === "w" || rangeText === "m" || rangeText === "y"
          ? rangeText
          : undefined;
      let results: Awaited<ReturnType<SearchBackend["search"]>>;
      try {
        results = await options.backend.search(
          query,
          count,
          range satisfies SearchRange | undefined,
          context.signal,
        );
      } catch (error) {
        return errorResult(`search failed (${options.backend.name}): ${describeError(error)}`);
      }
      if (results.length === 0) return textResult(`No results for: ${query}`);
      const lines = [`Results for: ${query} (via ${options.backend.name})`];
      results.forEach((result, index) => {
        lines.push(`${index + 1}. ${result.title}\n   ${result.url}`);
        if (result.snippet) lines.push(`   ${result.snippet}`);
      });
      return textResult(lines.join("\n"));
    }),
  };
}

import { expect, test } from "bun:test";
import type { ToolDefinition } from "../../providers/provider.ts";
import { estimateTextTokens, estimateToolsTokens } from "./estimate-tokens.ts";

test("tool definitions are estimated like their JSON text, once per definitions array", () => {
  const tools: ToolDefinition[] = [{ name: "read_file", description: "Reads a file.", parameters: {} }];
  const expected = estimateTextTokens(JSON.stringify(tools));
  expect(estimateToolsTokens(tools)).toBe(expected);
  expect(estimateToolsTokens(tools)).toBe(expected);
  expect(estimateToolsTokens([...tools, ...tools])).toBe(
    estimateTextTokens(JSON.stringify([...tools, ...tools])),
  );
  expect(estimateToolsTokens([])).toBe(0);
});

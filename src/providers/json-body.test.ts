import { describe, expect, test } from "bun:test";
import { buildAnthropicBody } from "./anthropic-request.ts";
import { reuseJson, stringifyBody } from "./json-body.ts";
import { buildOpenAIBody } from "./openai-request.ts";
import type { ChatRequest, ToolDefinition } from "./provider.ts";

const tools: ToolDefinition[] = [
  { name: "read_file", description: "Read a file.", parameters: { type: "object", properties: {} } },
  { name: "exec", description: 'Run "a" command\n', parameters: { type: "object", required: ["cmd"] } },
];
const request: ChatRequest = {
  messages: [
    { role: "system", content: "sys" },
    { role: "user", content: 'hi "there"\u0000' },
  ],
  tools,
  maxTokens: 100,
  temperature: 0.5,
};
const openAI = { providerName: "openai", apiBase: "http://x/v1", model: "m" };

describe("stringifyBody", () => {
  test("is JSON.stringify for bodies without reused parts", () => {
    for (const body of [{ a: 1, b: undefined, c: [1, "x"] }, [1, 2], "s", null, 3, {}])
      expect(stringifyBody(body)).toBe(JSON.stringify(body));
  });

  test("splices a reused part's JSON, same text as JSON.stringify", () => {
    const part = reuseJson([{ x: 1, y: "two" }]);
    const body = { model: "m", part, gone: undefined, fn: () => 1, after: { z: null } };
    expect(stringifyBody(body)).toBe(JSON.stringify(body));
  });

  test("provider bodies serialise as before, on every call", () => {
    for (let i = 0; i < 3; i++) {
      const o = buildOpenAIBody(request, openAI, false);
      expect(stringifyBody(o)).toBe(JSON.stringify(o));
      const a = buildAnthropicBody(request, "claude", false);
      expect(stringifyBody(a)).toBe(JSON.stringify(a));
    }
    expect(buildOpenAIBody(request, openAI, false)["tools"]).toBe(
      buildOpenAIBody(request, openAI, true)["tools"],
    );
  });

  test("extra_body overriding tools wins", () => {
    const o = buildOpenAIBody(request, { ...openAI, extraBody: { tools: [] } }, false);
    expect(stringifyBody(o)).toBe(JSON.stringify(o));
    expect(JSON.parse(stringifyBody(o)).tools).toEqual([]);
  });
});

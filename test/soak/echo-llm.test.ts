import { afterAll, describe, expect, test } from "bun:test";
import { startEchoLlm } from "./echo-llm.ts";

const llm = startEchoLlm();
afterAll(() => llm.stop());

async function ask(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${llm.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "echo", ...body }),
  });
  const json = (await response.json()) as { choices: { message: { content: string } }[] };
  return json.choices[0]?.message.content ?? "";
}

describe("echo LLM", () => {
  test("echoes the last user message", async () => {
    expect(await ask({ messages: [{ role: "user", content: "hello" }] })).toBe("echo: hello");
  });

  test("stops at max_tokens (about 4 characters a token), as a real API does", async () => {
    const messages = [{ role: "user", content: "x".repeat(10_000) }];
    expect((await ask({ messages, max_tokens: 100 })).length).toBe(400);
    expect((await ask({ messages, max_completion_tokens: 10 })).length).toBe(40);
  });
});

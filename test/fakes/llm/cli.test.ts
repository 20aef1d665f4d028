import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Subprocess } from "bun";

const FAKES = join(import.meta.dir, "..");
let child: Subprocess<"ignore", "pipe", "inherit"> | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

/** Starts a fake as its own process and returns the URL from its first stdout line. */
async function startProcess(file: string, env: Record<string, string> = {}): Promise<string> {
  child = Bun.spawn([process.execPath, join(FAKES, file), "--port", "0"], {
    env: { ...process.env, ...env },
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = child.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("fake exited before printing its URL");
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split("\n")[0] ?? "";
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("fake LLM servers as processes", () => {
  test("openai fake plays FAKE_LLM_STEPS, then echoes the last user message", async () => {
    const url = await startProcess("openai-server.ts", {
      FAKE_LLM_STEPS: JSON.stringify([{ kind: "text", text: "scripted" }]),
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const messages = [{ role: "user", content: "ping" }];
    const first = (await (await post(`${url}/chat/completions`, { model: "m", messages })).json()) as {
      choices: { message: { content: string } }[];
    };
    const second = (await (await post(`${url}/chat/completions`, { model: "m", messages })).json()) as {
      choices: { message: { content: string } }[];
    };
    expect([first.choices[0]?.message.content, second.choices[0]?.message.content]).toEqual([
      "scripted",
      "echo: ping",
    ]);
  });

  test("anthropic fake echoes in Messages format", async () => {
    const url = await startProcess("anthropic-server.ts");
    const res = await post(`${url}/messages`, {
      model: "m",
      max_tokens: 5,
      messages: [{ role: "user", content: "yo" }],
    });
    expect(await res.json()).toMatchObject({
      type: "message",
      content: [{ type: "text", text: "echo: yo" }],
    });
  });
});

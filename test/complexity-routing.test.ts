/**
 * Complexity routing (`agents.defaults.routing`) from the CLI against the fake LLM: a short message goes
 * to the light model, a long one with code to the primary, and a light model that is down falls back to
 * the primary so the message is still answered.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { freePort } from "./helpers/free-port.ts";
import { runProcess } from "./helpers/run-process.ts";

const ROOT = resolve(import.meta.dir, "..");
let home = "";
let llm: FakeLlmServer | undefined;

afterEach(async () => {
  await llm?.stop();
  llm = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

function setup(lightBase: string): Record<string, string> {
  home = mkdtempSync(join(tmpdir(), "picoclaw-routing-"));
  const model = (name: string, id: string, base: string) => ({
    model_name: name,
    provider: "openai",
    model: id,
    api_base: base,
    api_keys: ["k-12345678"],
  });
  writeFileSync(
    join(home, "config.json"),
    JSON.stringify({
      version: 3,
      agents: {
        defaults: {
          workspace: join(home, "workspace"),
          model_name: "big",
          max_llm_retries: 0,
          routing: { enabled: true, light_model: "small", threshold: 0.35 },
        },
      },
      model_list: [model("big", "big-model", llm?.url ?? ""), model("small", "small-model", lightBase)],
    }),
  );
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, PICOCLAW_HOME: home };
}

async function ask(message: string, env: Record<string, string>): Promise<{ out: string; code: number }> {
  const { stdout: out, code } = await runProcess(
    [join(ROOT, "node_modules", ".bin", "bun"), join(ROOT, "src", "main.ts"), "agent", "-m", message],
    { env, cwd: home },
  );
  return { out, code };
}

const modelOf = (index: number) => (llm?.requests[index]?.body as { model?: string } | undefined)?.model;

describe("complexity routing", () => {
  test("a short message goes to the light model, a long one with code to the primary", async () => {
    llm = startFakeOpenAI();
    const env = setup(llm.url);
    const short = await ask("hi there", env);
    expect(short.code).toBe(0);
    expect(modelOf(0)).toBe("small-model");
    const long = await ask(`Please review this:\n\`\`\`ts\n${"const x = 1;\n".repeat(40)}\`\`\``, env);
    expect(long.code).toBe(0);
    expect(modelOf(1)).toBe("big-model");
  }, 30_000);

  test("when the light model is down the primary answers", async () => {
    llm = startFakeOpenAI();
    const env = setup(`http://127.0.0.1:${await freePort()}/v1`);
    const result = await ask("hello", env);
    expect(result.code).toBe(0);
    expect(result.out).toContain("hello");
    expect(modelOf(0)).toBe("big-model");
  }, 30_000);
});

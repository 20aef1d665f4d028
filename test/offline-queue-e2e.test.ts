/**
 * The offline queue from the compiled binary: with the LLM down, three Pico messages get one "will
 * answer later" notice and are kept on disk; the gateway is SIGKILLed and started again; when the LLM
 * comes up, the three replies arrive in order, each once, and the LLM saw the three messages in order.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEPT_NOTICE } from "../src/agent/offline/offline-mode.ts";
import { type FakeLlmServer, startFakeServer } from "./fakes/llm/serve.ts";
import { openAIDialect } from "./fakes/openai-server.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { PicoClient } from "./helpers/pico-client.ts";
import { runProcess } from "./helpers/run-process.ts";

const TOKEN = "offline-e2e-token";
let home = "";
let gateways: GatewayProcess[] = [];
let clients: PicoClient[] = [];
let llm: FakeLlmServer | undefined;

afterEach(async () => {
  for (const client of clients) await client.close().catch(() => 0);
  for (const gateway of gateways) await gateway.kill();
  await llm?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  gateways = [];
  clients = [];
  llm = undefined;
});

const contents = (client: PicoClient) =>
  client.frames
    .filter((f) => f.type === "message.create" || f.type === "message.update")
    .map((f) => f.payload?.["content"])
    .filter((c): c is string => typeof c === "string" && c !== "");

const lastUserText = (body: unknown): string => {
  const messages = (body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  const last = messages.filter((m) => m.role === "user").at(-1);
  return typeof last?.content === "string" ? last.content : JSON.stringify(last?.content);
};

describe("offline queue (compiled binary)", () => {
  test("LLM down -> 3 messages kept, one notice -> SIGKILL, restart -> LLM up -> 3 replies in order", async () => {
    const binary = await compiledGateway();
    home = mkdtempSync(join(tmpdir(), "picoclaw-offline-"));
    const llmPort = await freePort();
    const gatewayPort = await freePort();
    const config = testConfig({
      llmUrl: `http://127.0.0.1:${llmPort}/v1`,
      gatewayPort,
      maixcamPort: await freePort(),
      token: TOKEN,
    });
    const defaults = (config["agents"] as { defaults: Record<string, unknown> }).defaults;
    defaults["max_llm_retries"] = 0;
    defaults["offline_queue"] = { probe_min_secs: 1, probe_max_secs: 2 };
    const url = `ws://127.0.0.1:${gatewayPort}/pico/ws`;

    const first = await startGatewayProcess({ binary, config, home });
    gateways.push(first);
    const before = await PicoClient.connect(url, TOKEN, "offline-chat");
    clients.push(before);
    const notice = before.nextReply(20_000);
    for (const text of ["first question", "second question", "third question"]) before.send(text);
    expect(await notice).toBe(KEPT_NOTICE);
    await first.stderr.waitFor('"kept":3', 20_000);

    expect(await first.kill()).toBe(-1);
    gateways = [];
    const second = await startGatewayProcess({ binary, config, home });
    gateways.push(second);
    await second.stderr.waitFor("offline queue loaded", 10_000);
    const after = await PicoClient.connect(url, TOKEN, "offline-chat");
    clients.push(after);
    const replies = [after.nextReply(30_000), after.nextReply(30_000), after.nextReply(30_000)];

    llm = startFakeServer(openAIDialect, {}, llmPort);
    expect(await Promise.all(replies)).toEqual([
      "echo: first question",
      "echo: second question",
      "echo: third question",
    ]);
    expect(llm.requests.map((r) => lastUserText(r.body))).toEqual([
      "first question",
      "second question",
      "third question",
    ]);
    // A graceful stop drains what is in flight; nothing more may arrive, and nothing is left kept.
    expect(await second.stop()).toBe(0);
    gateways = [];
    expect(contents(before)).toEqual([KEPT_NOTICE]);
    expect(contents(after)).toEqual([
      "echo: first question",
      "echo: second question",
      "echo: third question",
    ]);
    expect(llm.requests.length).toBe(3);
    const third = await startGatewayProcess({ binary, config, home });
    gateways.push(third);
    expect(third.stderr.lines.some((l) => l.includes("offline queue loaded"))).toBe(false);
  }, 120_000);

  test("the agent CLI does not queue: with the provider down it says so and keeps nothing", async () => {
    const binary = await compiledGateway();
    home = mkdtempSync(join(tmpdir(), "picoclaw-offline-cli-"));
    const config = testConfig({
      llmUrl: `http://127.0.0.1:${await freePort()}/v1`,
      gatewayPort: await freePort(),
      maixcamPort: await freePort(),
      token: TOKEN,
    });
    (config["agents"] as { defaults: Record<string, unknown> }).defaults["max_llm_retries"] = 0;
    await Bun.write(join(home, "config.json"), JSON.stringify(config));
    const { stdout: out, code } = await runProcess([binary, "agent", "-m", "are you there?"], {
      cwd: home,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, PICOCLAW_HOME: home },
    });
    expect(code).toBe(0);
    expect(out).toContain("🦞 The model provider is unreachable");
    expect(out).toContain("try again when it is back");
    expect(existsSync(join(home, "offline-queue"))).toBe(false);
  }, 60_000);
});

/**
 * Several agents from the compiled binary: a dispatch rule binds one Pico chat to the "coder" agent. Its
 * message is answered with the coder's model, the system prompt of the coder's workspace (AGENT.md), only
 * the tools its AGENT.md allows, and a session file in the coder's workspace; any other chat goes to the
 * default agent with its own model, prompt, tools and sessions.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeServer } from "./fakes/llm/serve.ts";
import { type FakeLlmServer, openAIDialect } from "./fakes/openai-server.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { PicoClient } from "./helpers/pico-client.ts";

const TOKEN = "multi-agent-token";
let home = "";
let gateway: GatewayProcess | undefined;
let clients: PicoClient[] = [];
let llm: FakeLlmServer | undefined;

afterEach(async () => {
  for (const client of clients) await client.close().catch(() => 0);
  await gateway?.kill();
  await llm?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
  gateway = undefined;
  clients = [];
  llm = undefined;
});

interface SentBody {
  model?: string;
  messages?: { role: string; content: unknown }[];
  tools?: { function: { name: string } }[];
}

const systemText = (body: SentBody) => String(body.messages?.find((m) => m.role === "system")?.content ?? "");
const toolNames = (body: SentBody) => (body.tools ?? []).map((t) => t.function.name).sort();
const sessionFiles = (workspace: string) => {
  try {
    return readdirSync(join(workspace, "sessions")).filter((f) => f.endsWith(".jsonl"));
  } catch {
    return [];
  }
};

describe("multiple agents (compiled binary)", () => {
  test("a bound chat is answered by its agent: model, workspace prompt, tools and sessions", async () => {
    const binary = await compiledGateway();
    home = mkdtempSync(join(tmpdir(), "picoclaw-agents-"));
    llm = startFakeServer(openAIDialect);
    const gatewayPort = await freePort();
    const config = testConfig({
      llmUrl: llm.url,
      gatewayPort,
      maixcamPort: await freePort(),
      token: TOKEN,
    });
    const mainWorkspace = join(home, "workspace");
    const coderWorkspace = join(home, "coder-ws");
    for (const [dir, text] of [
      [mainWorkspace, "You are MAIN-AGENT-MARKER."],
      [coderWorkspace, "---\nname: coder\ntools: [read_file, list_dir]\n---\nYou are CODER-AGENT-MARKER."],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "AGENT.md"), text);
    }
    const agents = config["agents"] as Record<string, unknown>;
    (agents["defaults"] as Record<string, unknown>)["workspace"] = mainWorkspace;
    agents["list"] = [
      { id: "main", default: true },
      { id: "coder", workspace: coderWorkspace, model: { primary: "coder", fallbacks: [] } },
    ];
    agents["dispatch"] = {
      rules: [
        {
          name: "coder-chat",
          agent: "coder",
          when: { channel: "pico", chat: "direct:pico:coder-chat" },
          session_dimensions: ["sender"],
        },
        { name: "never", agent: "main", when: { channel: "pico", chat: "direct:pico:coder-chat" } },
      ],
    };
    const models = config["model_list"] as Record<string, unknown>[];
    models.push({ ...models[0], model_name: "coder", model: "fake-coder-model" });
    gateway = await startGatewayProcess({ binary, config, home });
    const url = `ws://127.0.0.1:${gatewayPort}/pico/ws`;

    const coder = await PicoClient.connect(url, TOKEN, "coder-chat");
    clients.push(coder);
    const coderReply = coder.nextReply(20_000);
    coder.send("hello coder");
    expect(await coderReply).toBe("echo: hello coder");
    const toCoder = llm.requests[0]?.body as SentBody;
    expect(toCoder.model).toBe("fake-coder-model");
    expect(systemText(toCoder)).toContain("CODER-AGENT-MARKER");
    expect(systemText(toCoder)).not.toContain("MAIN-AGENT-MARKER");
    expect(toolNames(toCoder)).toEqual(["list_dir", "read_file"]);

    const other = await PicoClient.connect(url, TOKEN, "other-chat");
    clients.push(other);
    const mainReply = other.nextReply(20_000);
    other.send("hello main");
    expect(await mainReply).toBe("echo: hello main");
    const toMain = llm.requests[1]?.body as SentBody;
    expect(toMain.model).toBe("fake-model");
    expect(systemText(toMain)).toContain("MAIN-AGENT-MARKER");
    expect(systemText(toMain)).not.toContain("CODER-AGENT-MARKER");
    expect(toolNames(toMain)).toContain("exec");

    expect(sessionFiles(coderWorkspace)).toHaveLength(1);
    expect(sessionFiles(mainWorkspace)).toHaveLength(1);
    expect(sessionFiles(coderWorkspace)).not.toEqual(sessionFiles(mainWorkspace));
    // The rule's own session dimensions replace `session.dimensions` (["chat"]) for the coder's session.
    const scopeOf = (workspace: string) => {
      const name = (sessionFiles(workspace)[0] ?? "").replace(/\.jsonl$/, ".meta.json");
      return (JSON.parse(readFileSync(join(workspace, "sessions", name), "utf8")) as { scope: unknown })
        .scope;
    };
    expect(scopeOf(coderWorkspace)).toMatchObject({ agent_id: "coder", dimensions: ["sender"] });
    expect(scopeOf(mainWorkspace)).toMatchObject({ agent_id: "main", dimensions: ["chat"] });
    // Keys as PicoClaw's session.BuildSessionKey makes them: sk_v1_ + sha256 of the scope signature.
    const key = (signature: string) => `sk_v1_${createHash("sha256").update(signature).digest("hex")}.jsonl`;
    expect(sessionFiles(coderWorkspace)).toEqual([
      key("v=1|agent=coder|channel=pico|account=default|sender=pico:pico-user"),
    ]);
    expect(sessionFiles(mainWorkspace)).toEqual([
      key("v=1|agent=main|channel=pico|account=default|chat=direct:pico:other-chat"),
    ]);
  }, 120_000);
});

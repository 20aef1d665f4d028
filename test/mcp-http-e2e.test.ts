/**
 * Remote MCP servers end to end: `picoclaw gateway` from the source with tools.mcp servers over
 * streamable HTTP and over the older HTTP+SSE transport (a fake on 127.0.0.1 that demands a header
 * from config), plus one that is down and one that answers garbage. The model sees the remote tools,
 * a tool call through the fake LLM reaches the server and its result comes back in the reply.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeMcpHttpServer, startFakeMcpHttpServer } from "./fakes/mcp-http-server.ts";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { PicoClient } from "./helpers/pico-client.ts";

let llm: FakeLlmServer;
let mcp: FakeMcpHttpServer;
let gateway: GatewayProcess;
let port = 0;
const token = "mcp-e2e-token-0123456789";
const auth: [string, string] = ["authorization", "Bearer remote-secret-42"];

beforeAll(async () => {
  llm = startFakeOpenAI();
  mcp = startFakeMcpHttpServer(auth);
  port = await freePort();
  const headers = { Authorization: auth[1] };
  const config = testConfig({ llmUrl: llm.url, gatewayPort: port, maixcamPort: await freePort(), token });
  // Room for the tool results: the helper's 1,024-token budget leaves too little context once the
  // remote tools' definitions are in the prompt, and the loop would compact the results away.
  config["agents"] = { defaults: { model_name: "fake", max_tokens: 8192, max_tool_iterations: 10 } };
  config["tools"] = {
    mcp: {
      enabled: true,
      servers: {
        stream: { enabled: true, type: "http", url: `${mcp.url}/mcp`, headers },
        legacy: { enabled: true, type: "sse", url: `${mcp.url}/sse`, headers },
        down: { enabled: true, type: "http", url: "http://127.0.0.1:1/mcp" },
        garbage: { enabled: true, type: "http", url: `${mcp.url}/bad`, headers },
      },
    },
  };
  gateway = await startGatewayProcess({ config });
});

afterAll(async () => {
  await gateway?.stop();
  gateway?.dispose();
  await mcp?.stop();
  await llm?.stop();
});

describe("remote MCP servers (end to end)", () => {
  test("both transports' tools reach the model and a call's result comes back", async () => {
    llm.push(
      { kind: "tools", calls: [{ name: "mcp_stream_echo", arguments: { text: "over http" } }] },
      { kind: "tools", calls: [{ name: "mcp_legacy_echo", arguments: { text: "over sse" } }] },
      { kind: "text", text: "done with both" },
    );
    const client = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "mcp-session");
    expect(await client.ask("use the remote tools")).toBe("done with both");
    await client.close();

    const toolText = (n: number) =>
      (
        llm.requests.at(n)?.body as { messages?: { role: string; content: string }[] } | undefined
      )?.messages?.at(-1);
    expect(toolText(-2)).toMatchObject({ role: "tool", content: "remote echo: over http" });
    expect(toolText(-1)).toMatchObject({ role: "tool", content: "remote echo: over sse" });
    const first = llm.requests.at(-3)?.body as { tools: { function: { name: string } }[] };
    const names = first.tools.map((tool) => tool.function.name);
    expect(names).toContain("mcp_stream_echo");
    expect(names).toContain("mcp_legacy_echo");
    expect(names.some((name) => name.startsWith("mcp_down_") || name.startsWith("mcp_garbage_"))).toBe(false);

    // Streamable HTTP: the session id from initialize is echoed on every later POST.
    const streamed = mcp.requests.filter((r) => r.path === "/mcp" && r.method === "POST");
    expect(streamed.map((r) => r.rpcMethod)).toEqual([
      "initialize",
      "notifications/initialized",
      "tools/list",
      "tools/call",
    ]);
    expect(streamed.slice(1).every((r) => r.sessionId === "fake-session-1")).toBe(true);
    // The SSE server refused the streamable POST, so the client fell back to GET + /messages.
    expect(mcp.requests.some((r) => r.path === "/sse" && r.method === "GET")).toBe(true);
    expect(mcp.requests.filter((r) => r.path === "/messages").map((r) => r.rpcMethod)).toContain(
      "tools/call",
    );
    expect(mcp.rejected).toEqual([]);
  });

  test("a server that is down or answers garbage is logged with a clear error; the gateway keeps serving", async () => {
    await gateway.stderr.waitFor(/down.*unreachable|unreachable.*down/, 10_000);
    await gateway.stderr.waitFor(/garbage.*not JSON/, 10_000);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
  });
});

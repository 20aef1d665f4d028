import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunPlatform } from "../../platform/bun.ts";
import type { ChildProcess } from "../../platform/platform.ts";
import type { ToolContext } from "../../tools/tool.ts";
import { createMcpManager, type McpManager, type McpServerConfig } from "./manager.ts";
import { contentToText } from "./protocol.ts";

const FAKE_SERVER = join(import.meta.dir, "..", "..", "..", "test", "fakes", "mcp-server.ts");
let workspace: string;
let manager: McpManager | undefined;
const children: ChildProcess[] = [];

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "mcp-"));
});
afterEach(async () => {
  await manager?.stop();
  manager = undefined;
  children.length = 0;
});

const fake = (extra: Partial<McpServerConfig> = {}): McpServerConfig => ({
  enabled: true,
  command: process.execPath,
  args: [FAKE_SERVER],
  ...extra,
});

function start(servers: Record<string, McpServerConfig>, requestTimeoutMs?: number) {
  manager = createMcpManager({
    servers,
    workspace,
    requestTimeoutMs,
    spawn: (argv, options) => {
      const child = bunPlatform.spawn(argv, options);
      children.push(child);
      return child;
    },
  });
  return manager;
}

const context = (signal = new AbortController().signal): ToolContext => ({
  channel: "cli",
  chatId: "direct",
  sessionKey: "s",
  workspace,
  signal,
  isInternal: true,
});

async function call(name: string, args: unknown = {}, signal?: AbortSignal) {
  const tool = manager?.tools().find((candidate) => candidate.definition.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool.execute(args, context(signal));
}

describe("createMcpManager", () => {
  test("handshakes, lists every page of tools and calls them", async () => {
    const mcp = start({ fake: fake() });
    await mcp.start(new AbortController().signal);
    expect(mcp.tools().map((tool) => tool.definition.name)).toEqual([
      "mcp_fake_echo",
      "mcp_fake_add",
      "mcp_fake_fail",
      "mcp_fake_big",
      "mcp_fake_slow",
      "mcp_fake_crash",
      "mcp_fake_env",
    ]);
    const echo = mcp.tools()[0];
    expect(echo?.definition.description).toBe("[MCP:fake] Echoes text back");
    expect(echo?.definition.parameters).toMatchObject({ required: ["text"] });
    expect(await call("mcp_fake_echo", { text: "hello" })).toEqual({ content: "hello" });
    expect(await call("mcp_fake_add", { a: 2, b: 40 })).toEqual({ content: "42" });
    expect(mcp.status()).toEqual([{ name: "fake", isConnected: true, toolCount: 7, lastError: undefined }]);
  });

  test("honours isError and truncates long text with a note", async () => {
    const mcp = start({ fake: fake() });
    await mcp.start(new AbortController().signal);
    expect(await call("mcp_fake_fail")).toEqual({ content: "MCP tool returned error: boom", isError: true });
    const big = await call("mcp_fake_big", { size: 20_000 });
    expect(big.content.startsWith("x".repeat(16 * 1024))).toBe(true);
    expect(big.content).toEndWith("[Output truncated: showing 16384 of 20000 characters]");
  });

  test("passes env and env_file to the server", async () => {
    await writeFile(join(workspace, "mcp.env"), "# secrets\nFROM_FILE='file value'\nSHARED=file\n");
    const mcp = start({ fake: fake({ env: { SHARED: "config" }, env_file: "mcp.env" }) });
    await mcp.start(new AbortController().signal);
    expect((await call("mcp_fake_env", { name: "FROM_FILE" })).content).toBe("file value");
    expect((await call("mcp_fake_env", { name: "SHARED" })).content).toBe("config");
  });

  test("a server that crashed is restarted on the next call", async () => {
    const mcp = start({ fake: fake() });
    await mcp.start(new AbortController().signal);
    const crashed = await call("mcp_fake_crash");
    expect(crashed.isError).toBe(true);
    expect(crashed.content).toContain("exited with code 3");
    expect(await call("mcp_fake_echo", { text: "back" })).toEqual({ content: "back" });
    expect(children).toHaveLength(2);
  });

  test("a killed server is restarted on the next call", async () => {
    const mcp = start({ fake: fake() });
    await mcp.start(new AbortController().signal);
    const first = children[0];
    first?.killGroup("SIGKILL");
    await first?.exited;
    await Promise.resolve(); // let the client observe the exit
    expect(mcp.status()[0]?.isConnected).toBe(false);
    expect(await call("mcp_fake_add", { a: 1, b: 1 })).toEqual({ content: "2" });
    expect(children).toHaveLength(2);
  });

  test("abort and timeout end a call without killing the server", async () => {
    const mcp = start({ fake: fake() }, 300);
    await mcp.start(new AbortController().signal);
    const controller = new AbortController();
    const pending = call("mcp_fake_slow", {}, controller.signal);
    controller.abort();
    expect((await pending).content).toContain("aborted");
    expect((await call("mcp_fake_slow")).content).toContain("timed out after 300 ms");
    expect(await call("mcp_fake_echo", { text: "still here" })).toEqual({ content: "still here" });
    expect(children).toHaveLength(1);
  });

  test("skips disabled servers; a broken command or a server that is down does not stop the others", async () => {
    const mcp = start({
      off: fake({ enabled: false }),
      remote: { enabled: true, type: "sse", url: "http://127.0.0.1:1/sse?token=secret" },
      broken: { enabled: true, command: join(workspace, "no-such-binary") },
      fake: fake(),
    });
    await mcp.start(new AbortController().signal);
    const status = mcp.status();
    expect(status.map((server) => server.name)).toEqual(["remote", "broken", "fake"]);
    expect(status[0]?.lastError).toContain("MCP server 'remote' at http://127.0.0.1:1/sse is unreachable");
    expect(status[0]?.lastError).not.toContain("secret");
    expect(status[1]?.lastError).toBeString();
    expect(mcp.tools()).toHaveLength(7);
  });
});

describe("remote MCP servers", () => {
  test("streamable HTTP and HTTP+SSE servers list tools and return call results, with the config header", async () => {
    const { startFakeMcpHttpServer } = await import("../../../test/fakes/mcp-http-server.ts");
    const server = startFakeMcpHttpServer(["x-api-key", "k-1"]);
    const headers = { "X-Api-Key": "k-1" };
    const mcp = createMcpManager({
      workspace: tmpdir(),
      spawn: bunPlatform.spawn,
      servers: {
        a: { enabled: true, type: "streamable-http", url: `${server.url}/mcp`, headers },
        b: { enabled: true, url: `${server.url}/sse`, headers },
        c: { enabled: true, type: "http", url: `${server.url}/mcp` },
      },
    });
    try {
      await mcp.start(new AbortController().signal);
      expect(mcp.tools().map((t) => t.definition.name)).toEqual(["mcp_a_echo", "mcp_b_echo"]);
      expect(contentToText((await mcp.callTool("a", "echo", { text: "one" })).content)).toBe(
        "remote echo: one",
      );
      expect(contentToText((await mcp.callTool("b", "echo", { text: "two" })).content)).toBe(
        "remote echo: two",
      );
      expect(mcp.status().find((s) => s.name === "c")?.lastError).toContain("HTTP 401");
    } finally {
      await mcp.stop();
      await server.stop();
    }
  });
});

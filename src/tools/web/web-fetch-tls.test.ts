import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ToolContext } from "../tool.ts";
import { createWebFetchTool } from "./web-fetch.ts";

// A throwaway self-signed certificate for "app.test", made per run (openssl: npm test installs it).
const hasOpenssl = Bun.which("openssl") !== null;
let dir = "";
let cert = "";
let server: ReturnType<typeof Bun.serve> | undefined;

beforeAll(async () => {
  if (!hasOpenssl) throw new Error("openssl is missing: apt-get install openssl");
  dir = await mkdtemp(join(tmpdir(), "picoclaw-tls-"));
  const made = Bun.spawnSync(
    ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
      .concat([
        "-keyout",
        join(dir, "k.pem"),
        "-out",
        join(dir, "c.pem"),
        "-days",
        "1",
        "-subj",
        "/CN=app.test",
      ])
      .concat(["-addext", "subjectAltName=DNS:app.test"]),
    { stdout: "ignore", stderr: "ignore" },
  );
  if (made.exitCode !== 0) throw new Error("openssl failed");
  cert = await Bun.file(join(dir, "c.pem")).text();
  const key = await Bun.file(join(dir, "k.pem")).text();
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: { cert, key },
    fetch: (request) => new Response(`tls for ${request.headers.get("host")}`),
  });
});
afterAll(async () => {
  await server?.stop(true);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const context: ToolContext = {
  channel: "cli",
  chatId: "c",
  sessionKey: "s",
  workspace: "/tmp",
  signal: new AbortController().signal,
  isInternal: true,
};
const resolver = async () => [{ address: "127.0.0.1", family: 4 as const }];

describe("web_fetch over HTTPS with a pinned address", () => {
  test("verifies the certificate against the original host name while connecting to the pinned IP", async () => {
    const tool = createWebFetchTool({ resolver, privateHostWhitelist: ["app.test"], tlsCa: cert });
    const result = await tool.execute({ url: `https://app.test:${server?.port}/` }, context);
    expect(result.content).toContain(`tls for app.test:${server?.port}`);
  });

  test("a certificate for another name is refused", async () => {
    const tool = createWebFetchTool({ resolver, privateHostWhitelist: ["other.test"], tlsCa: cert });
    const result = await tool.execute({ url: `https://other.test:${server?.port}/` }, context);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("fetch failed");
  });
});

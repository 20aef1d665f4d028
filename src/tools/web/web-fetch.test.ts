import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { HostResolver } from "../../lib/ssrf/pin-host.ts";
import { bunPlatform } from "../../platform/bun.ts";
import type { HttpServer } from "../../platform/platform.ts";
import type { ToolContext } from "../tool.ts";
import { createWebFetchTool, type WebFetchOptions } from "./web-fetch.ts";

const hits: { path: string; host: string | null }[] = [];
let server: HttpServer;
let base: string;

beforeAll(async () => {
  server = await bunPlatform.serveHttp({
    host: "127.0.0.1",
    port: 0,
    handler: async (request) => {
      const url = new URL(request.url);
      hits.push({ path: url.pathname, host: request.headers.get("host") });
      switch (url.pathname) {
        case "/page":
          return new Response(
            "<html><head><title>Hi &amp; bye</title><style>p{}</style></head><body><h1>Head</h1><p>Some <b>bold</b> text</p><script>evil()</script></body></html>",
            { headers: { "content-type": "text/html; charset=utf-8" } },
          );
        case "/to-loopback":
          return Response.redirect(`${base}/secret`, 302);
        case "/to-named":
          return Response.redirect(`http://app.test:${server.port}/page`, 301);
        case "/loop":
          return Response.redirect(`http://app.test:${server.port}/loop`, 302);
        case "/big":
          return new Response("x".repeat(200_000), { headers: { "content-type": "text/plain" } });
        case "/missing":
          return new Response("nothing here", { status: 404 });
        default:
          return new Response("secret data", { headers: { "content-type": "text/plain" } });
      }
    },
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

const context: ToolContext = {
  channel: "telegram",
  chatId: "1",
  sessionKey: "s",
  workspace: "/tmp",
  signal: new AbortController().signal,
  isInternal: false,
};
const lookups: string[] = [];
const resolver: HostResolver = async (host) => {
  lookups.push(host);
  if (host === "app.test") return [{ address: "127.0.0.1", family: 4 }];
  if (host === "mixed.test")
    return [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
  throw new Error("ENOTFOUND");
};
const fetchTool = (extra: Partial<WebFetchOptions> = {}) => createWebFetchTool({ resolver, ...extra });
const hitsTo = (path: string) => hits.filter((hit) => hit.path === path).length;

describe("web_fetch SSRF guard", () => {
  test("refuses loopback unless whitelisted, before any request", async () => {
    const before = hits.length;
    const result = await fetchTool().execute({ url: `${base}/secret` }, context);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("private or reserved");
    expect(hits.length).toBe(before);
  });

  test("a whitelisted IP is fetched and HTML becomes plain text", async () => {
    const result = await fetchTool({ privateHostWhitelist: ["127.0.0.1"] }).execute(
      { url: `${base}/page` },
      context,
    );
    expect(result.isError).toBeUndefined();
    expect(result.content).toContain("Status: 200");
    expect(result.content).toContain("Hi & bye\n\nHead\n\nSome bold text");
    expect(result.content).not.toContain("evil");
  });

  test("connects to the pinned address with the original Host header, resolving once", async () => {
    lookups.length = 0;
    const result = await fetchTool({ privateHostWhitelist: ["app.test"] }).execute(
      { url: `http://app.test:${server.port}/page` },
      context,
    );
    expect(result.content).toContain("Some bold text");
    expect(lookups).toEqual(["app.test"]);
    expect(hits.at(-1)?.host).toBe(`app.test:${server.port}`);
  });

  test("a redirect from a whitelisted host to a non-whitelisted loopback address is refused", async () => {
    const before = hitsTo("/secret");
    const result = await fetchTool({ privateHostWhitelist: ["app.test"] }).execute(
      { url: `http://app.test:${server.port}/to-loopback` },
      context,
    );
    expect(result.isError).toBe(true);
    expect(result.content).toContain("127.0.0.1");
    expect(hitsTo("/secret")).toBe(before);
  });

  test("redirects are followed through the same check", async () => {
    const result = await fetchTool({ privateHostWhitelist: ["127.0.0.1", "app.test"] }).execute(
      { url: `${base}/to-named` },
      context,
    );
    expect(result.content).toContain(`URL: http://app.test:${server.port}/page`);
    expect(result.content).toContain("Some bold text");
  });

  test("more than 5 redirects fail", async () => {
    const result = await fetchTool({ privateHostWhitelist: ["app.test"] }).execute(
      { url: `http://app.test:${server.port}/loop` },
      context,
    );
    expect(result.content).toContain("more than 5 redirects");
  });

  test("any private answer in a mixed DNS reply refuses the host", async () => {
    const result = await fetchTool().execute({ url: "http://mixed.test/" }, context);
    expect(result.content).toContain("10.0.0.7");
  });

  test("non-http schemes, credentials and unresolvable hosts are refused", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://x/",
      "http://u:p@app.test/",
      "http://nx.test/",
      "not a url",
    ]) {
      expect((await fetchTool().execute({ url }, context)).isError).toBe(true);
    }
  });

  test("HTTP_PROXY in the environment is ignored (#3078)", async () => {
    const proxyHits: string[] = [];
    const proxy = await bunPlatform.serveHttp({
      host: "127.0.0.1",
      port: 0,
      handler: async (request) => {
        proxyHits.push(request.url);
        return new Response("from proxy");
      },
    });
    process.env["HTTP_PROXY"] = `http://127.0.0.1:${proxy.port}`;
    process.env["http_proxy"] = `http://127.0.0.1:${proxy.port}`;
    try {
      const result = await fetchTool({ privateHostWhitelist: ["127.0.0.1"] }).execute(
        { url: `${base}/s` },
        context,
      );
      expect(result.content).toContain("secret data");
      expect(proxyHits).toEqual([]);
    } finally {
      delete process.env["HTTP_PROXY"];
      delete process.env["http_proxy"];
      await proxy.stop(true);
    }
  });
});

describe("web_fetch limits", () => {
  test("maxChars truncates the text and says so", async () => {
    const result = await fetchTool({ privateHostWhitelist: ["127.0.0.1"] }).execute(
      { url: `${base}/big`, maxChars: 1000 },
      context,
    );
    expect(result.content).toContain("truncated to 1000 of 200000 chars");
    expect(result.content.split("\n\n")[1]).toBe("x".repeat(1000));
  });

  test("the wire cap stops the download", async () => {
    const result = await fetchTool({ privateHostWhitelist: ["127.0.0.1"], fetchLimitBytes: 5000 }).execute(
      { url: `${base}/big` },
      context,
    );
    expect(result.content).toContain("download stopped at the size limit");
    expect(result.content.split("\n\n")[1]?.length).toBe(5000);
  });

  test("HTTP errors are error results with the body", async () => {
    const result = await fetchTool({ privateHostWhitelist: ["127.0.0.1"] }).execute(
      { url: `${base}/missing` },
      context,
    );
    expect(result.isError).toBe(true);
    expect(result.content).toContain("Status: 404");
    expect(result.content).toContain("nothing here");
  });
});

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeDuckDuckGo, startFakeDuckDuckGo } from "../../../test/fakes/duckduckgo-html.ts";
import type { ToolContext } from "../tool.ts";
import { createDuckDuckGoBackend, decodeResultUrl } from "./duckduckgo.ts";
import { createWebSearchTool } from "./web-search.ts";

let fake: FakeDuckDuckGo;
let empty: FakeDuckDuckGo;
beforeAll(async () => {
  fake = await startFakeDuckDuckGo();
  empty = await startFakeDuckDuckGo([]);
});
afterAll(async () => {
  await fake.stop();
  await empty.stop();
});

const context: ToolContext = {
  channel: "cli",
  chatId: "c",
  sessionKey: "s",
  workspace: "/tmp",
  signal: new AbortController().signal,
  isInternal: true,
};

describe("web_search via DuckDuckGo HTML", () => {
  test("posts the query as a form and lists decoded results, skipping ads", async () => {
    const tool = createWebSearchTool({ backend: createDuckDuckGoBackend({ baseUrl: fake.url }) });
    const result = await tool.execute({ query: "bun runtime", count: 2, range: "w" }, context);
    expect(fake.requests.at(-1)).toEqual({
      method: "POST",
      query: "bun runtime",
      df: "w",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(result.content).toBe(
      [
        "Results for: bun runtime (via DuckDuckGo)",
        "1. Bun — A fast all-in-one JavaScript runtime\n   https://bun.sh/",
        "   Bun is a fast JavaScript runtime & toolkit. Develop, test, run, and bundle.",
        "2. oven-sh/bun: Incredibly fast JavaScript runtime - GitHub\n   https://github.com/oven-sh/bun?tab=readme&x=1",
        "   Bun is an all-in-one toolkit for JavaScript and TypeScript apps 'fast'.",
      ].join("\n"),
    );
  });

  test("an empty page says no results", async () => {
    const tool = createWebSearchTool({ backend: createDuckDuckGoBackend({ baseUrl: empty.url }) });
    expect((await tool.execute({ query: "zzz" }, context)).content).toBe("No results for: zzz");
  });

  test("HTTP failures are error results", async () => {
    const tool = createWebSearchTool({
      backend: createDuckDuckGoBackend({ baseUrl: fake.url.replace("/html/", "/nope") }),
    });
    const result = await tool.execute({ query: "x" }, context);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("HTTP 404");
  });

  test("decodes the uddg redirect and drops ad links", () => {
    expect(decodeResultUrl("//duckduckgo.com/l/?uddg=https%3A%2F%2Fa.example%2Fp%3Fq%3D1&rut=x")).toBe(
      "https://a.example/p?q=1",
    );
    expect(decodeResultUrl("https://duckduckgo.com/y.js?ad_domain=x")).toBeUndefined();
    expect(decodeResultUrl("https://direct.example/")).toBe("https://direct.example/");
  });
});

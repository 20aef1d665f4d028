/**
 * A local stand-in for DuckDuckGo's HTML endpoint (POST /html/ with form field q). It answers with
 * markup shaped like the real page: an ad block, organic results whose links go through the
 * /l/?uddg= redirector, bold highlights and entities in titles and snippets.
 */
import { bunPlatform } from "../../src/platform/bun.ts";

/** A running fake; `requests` records what was asked. */
export interface FakeDuckDuckGo {
  /** Base URL to pass as `base_url` (ends with /html/). */
  url: string;
  requests: { method: string; query: string; df: string | null; contentType: string | null }[];
  stop(): Promise<void>;
}

/** One canned organic result. */
export interface FakeResult {
  title: string;
  url: string;
  snippet: string;
}

const DEFAULT_RESULTS: readonly FakeResult[] = [
  {
    title: "Bun — A fast all-in-one <b>JavaScript</b> runtime",
    url: "https://bun.sh/",
    snippet: "Bun is a fast <b>JavaScript</b> runtime &amp; toolkit. Develop, test, run, and bundle.",
  },
  {
    title: "oven-sh/bun: Incredibly fast <b>JavaScript</b> runtime - GitHub",
    url: "https://github.com/oven-sh/bun?tab=readme&x=1",
    snippet: "Bun is an all-in-one toolkit for <b>JavaScript</b> and TypeScript apps &#x27;fast&#x27;.",
  },
  {
    title: "Bun (software) - Wikipedia",
    url: "https://en.wikipedia.org/wiki/Bun_(software)",
    snippet: "Bun is a <b>JavaScript</b> runtime, package manager and test runner.",
  },
];

/** Starts the fake on 127.0.0.1 with an ephemeral port. An empty `results` list renders "No results". */
export async function startFakeDuckDuckGo(
  results: readonly FakeResult[] = DEFAULT_RESULTS,
): Promise<FakeDuckDuckGo> {
  const requests: FakeDuckDuckGo["requests"] = [];
  const server = await bunPlatform.serveHttp({
    host: "127.0.0.1",
    port: 0,
    handler: async (request) => {
      const url = new URL(request.url);
      if (url.pathname !== "/html/") return new Response("not found", { status: 404 });
      const form = request.method === "POST" ? new URLSearchParams(await request.text()) : url.searchParams;
      requests.push({
        method: request.method,
        query: form.get("q") ?? "",
        df: form.get("df"),
        contentType: request.headers.get("content-type"),
      });
      return new Response(renderPage(form.get("q") ?? "", results), {
        headers: { "content-type": "text/html; charset=UTF-8" },
      });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/html/`,
    requests,
    stop: () => server.stop(true),
  };
}

function renderPage(query: string, results: readonly FakeResult[]): string {
  const escapedQuery = query.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const body =
    results.length === 0
      ? `<div class="no-results">No results.</div>`
      : `${AD}${results.map(renderResult).join("\n")}`;
  return `<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>${escapedQuery} at DuckDuckGo</title>
<link rel="stylesheet" href="/dist/h.css" type="text/css"></head>
<body class="body--html"><div class="header"><form id="search_form" action="/html/" method="post">
<input class="search__input" type="text" name="q" value="${escapedQuery}"></form></div>
<div id="links" class="results">
${body}
</div></body></html>`;
}

const AD = `<div class="result results_links results_links_deep result--ad  result--ad--small">
  <div class="links_main links_deep result__body">
    <h2 class="result__title"><a rel="nofollow" class="result__a" href="https://duckduckgo.com/y.js?ad_domain=ads.example&amp;u3=x">Sponsored thing</a></h2>
    <a class="result__snippet" href="https://duckduckgo.com/y.js?ad_domain=ads.example">Buy now.</a>
  </div>
</div>`;

function renderResult(result: FakeResult): string {
  const redirect = `//duckduckgo.com/l/?uddg=${encodeURIComponent(result.url)}&amp;rut=0123abcd`;
  return `<div class="result results_links results_links_deep web-result ">
  <div class="links_main links_deep result__body">
    <h2 class="result__title">
      <a rel="nofollow" class="result__a" href="${redirect}">${result.title}</a>
    </h2>
    <div class="result__extras"><div class="result__extras__url">
      <a class="result__url" href="${redirect}">${new URL(result.url).host}</a>
    </div></div>
    <a class="result__snippet" href="${redirect}">${result.snippet}</a>
    <div class="clear"></div>
  </div>
</div>`;
}

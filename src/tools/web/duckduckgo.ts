/**
 * Keyless web search through DuckDuckGo's HTML endpoint: POST the query as a form, then read result
 * blocks out of the markup. Result links go through DDG's `/l/?uddg=<target>` redirector; we decode the
 * target so the model sees real URLs. Ads (`result--ad`) are skipped.
 */
import { decodeEntities } from "./html-to-text.ts";
import type { SearchBackend, SearchResult } from "./search-backend.ts";

/** The public endpoint. */
export const DUCKDUCKGO_HTML_URL = "https://html.duckduckgo.com/html/";

/** Options for the DuckDuckGo backend. */
export interface DuckDuckGoOptions {
  /** Endpoint (`tools.web.duckduckgo.base_url`), for tests and mirrors. */
  baseUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

/** Creates the DuckDuckGo backend. */
export function createDuckDuckGoBackend(options: DuckDuckGoOptions = {}): SearchBackend {
  const endpoint = options.baseUrl ?? DUCKDUCKGO_HTML_URL;
  const doFetch = options.fetch ?? fetch;
  return {
    name: "DuckDuckGo",
    async search(query, count, range, signal) {
      const form = new URLSearchParams({ q: query });
      const df = range ? { d: "d", w: "w", m: "m", y: "y" }[range] : undefined;
      if (df) form.set("df", df);
      const response = await doFetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "user-agent": "Mozilla/5.0 (X11; Linux aarch64) picoclaw",
        },
        body: form.toString(),
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs ?? 10_000)]),
      });
      if (!response.ok) throw new Error(`DuckDuckGo answered HTTP ${response.status}`);
      return parseDuckDuckGoHtml(await response.text()).slice(0, count);
    },
  };
}

/** Extracts organic results from DuckDuckGo HTML, in page order. */
export function parseDuckDuckGoHtml(html: string): SearchResult[] {
  const results: SearchResult[] = [];
  // Each result block opens with a div whose class list starts with "result "; split on those.
  const blocks = html.split(/<div[^>]+class="result\s/i).slice(1);
  for (const block of blocks) {
    const classes = /^[^"]*/.exec(block)?.[0] ?? "";
    if (/result--ad/.test(classes)) continue;
    const link = /<a[^>]*class="[^"]*result__a[^"]*"[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/i.exec(block);
    if (!link) continue;
    const url = decodeResultUrl(decodeEntities(link[1] ?? ""));
    if (!url) continue;
    const snippet = /<(a|div|span|td)\b[^>]*class="[^"]*result__snippet[^"]*"[^>]*>([\s\S]*?)<\/\1>/i.exec(
      block,
    );
    results.push({ title: cleanText(link[2] ?? ""), url, snippet: cleanText(snippet?.[2] ?? "") });
  }
  return results;
}

/** Unwraps `//duckduckgo.com/l/?uddg=…`; leaves direct links alone; drops ad redirects. */
export function decodeResultUrl(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, "https://duckduckgo.com/");
  } catch {
    return undefined;
  }
  if (url.hostname.endsWith("duckduckgo.com")) {
    const target = url.searchParams.get("uddg");
    return target && /^https?:\/\//i.test(target) ? target : undefined;
  }
  return url.href;
}

function cleanText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

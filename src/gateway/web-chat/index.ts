/** The web chat page at `GET /` of the gateway: a Pico protocol client for the browser. */
import type { HttpHandler } from "../../platform/platform.ts";
import { PAGE_CSP, PAGE_HTML } from "./page.ts";

/** Paths the page answers on. */
export const WEB_CHAT_PATHS = ["/", "/index.html"] as const;

/** Serves the page for GET/HEAD (405 otherwise). The page itself asks for the token; it holds no secret. */
export function webChatHandler(): HttpHandler {
  const body = new TextEncoder().encode(PAGE_HTML);
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache",
    "Content-Security-Policy": PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD")
      return new Response("method not allowed\n", { status: 405, headers: { Allow: "GET, HEAD" } });
    return new Response(request.method === "HEAD" ? null : body, { headers });
  };
}

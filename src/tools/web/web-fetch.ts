/**
 * `web_fetch`: fetches a URL and returns its text for the model. Each hop (at most 5 redirects) is
 * resolved once, checked by the SSRF policy and connected to by the checked address; bodies are
 * capped at 10 MB on the wire and `maxChars` (default 50,000) in the result.
 */

import { type HostResolver, pinHost, systemResolver } from "../../lib/ssrf/pin-host.ts";
import { type PinnedResponse, pinnedRequest } from "../../lib/ssrf/pinned-request.ts";
import type { Tool } from "../tool.ts";
import { optionalInteger, requiredString, toolArgs } from "../tool-args.ts";
import { catchToolErrors, describeError, errorResult, textResult } from "../tool-result.ts";
import { htmlToText } from "./html-to-text.ts";

/** Settings from `tools.web`. */
export interface WebFetchOptions {
  /** Hosts, IPs or CIDRs allowed to be private (`private_host_whitelist`). */
  privateHostWhitelist?: readonly string[] | undefined;
  /** Wire cap in bytes (`fetch_limit_bytes`, default 10 MB). */
  fetchLimitBytes?: number | undefined;
  timeoutMs?: number | undefined;
  resolver?: HostResolver | undefined;
  userAgent?: string | undefined;
  /** Extra trusted CA certificate (PEM) for HTTPS, for private PKI and tests. */
  tlsCa?: string | undefined;
}

/** Default result size, as in PicoClaw. */
export const DEFAULT_MAX_CHARS = 50_000;
const MAX_REDIRECTS = 5;

/** Creates the `web_fetch` tool. */
export function createWebFetchTool(options: WebFetchOptions = {}): Tool {
  const pinOptions = {
    resolver: options.resolver ?? systemResolver,
    privateHostWhitelist: options.privateHostWhitelist ?? [],
  };
  const maxBytes = options.fetchLimitBytes ?? 10 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers = {
    "user-agent": options.userAgent ?? "Mozilla/5.0 (compatible; picoclaw)",
    accept: "text/html,application/xhtml+xml,text/plain,application/json;q=0.9,*/*;q=0.5",
  };

  return {
    definition: {
      name: "web_fetch",
      description:
        "Fetch a web page (http/https) and return its text. Private and local addresses are refused.",
      parameters: {
        type: "object",
        properties: {
          url: { type: "string", description: "The URL to fetch." },
          maxChars: {
            type: "integer",
            description: `Most characters to return (default ${DEFAULT_MAX_CHARS}).`,
          },
        },
        required: ["url"],
      },
    },
    execute: catchToolErrors("web_fetch", async (raw, context) => {
      const args = toolArgs(raw);
      const maxChars = Math.max(100, optionalInteger(args, "maxChars") ?? DEFAULT_MAX_CHARS);
      let url: URL;
      try {
        url = new URL(requiredString(args, "url").trim());
      } catch {
        return errorResult("invalid URL");
      }
      let response: PinnedResponse | undefined;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const pinned = await pinHost(url, pinOptions);
        if (!pinned.ok) return errorResult(`fetch refused: ${pinned.reason}`);
        try {
          response = await pinnedRequest(url, {
            address: pinned.address,
            maxBytes,
            timeoutMs,
            signal: context.signal,
            headers,
            tlsCa: options.tlsCa,
          });
        } catch (error) {
          return errorResult(`fetch failed: ${describeError(error)}`);
        }
        const location = response.headers.location;
        if (response.status < 300 || response.status >= 400 || !location) break;
        if (hop === MAX_REDIRECTS) return errorResult(`fetch failed: more than ${MAX_REDIRECTS} redirects`);
        url = new URL(location, url);
      }
      if (!response) return errorResult("fetch failed");
      const content = formatResponse(url, response, maxChars);
      return response.status >= 400 ? errorResult(content) : textResult(content);
    }),
  };
}

function formatResponse(url: URL, response: PinnedResponse, maxChars: number): string {
  const type = String(response.headers["content-type"] ?? "").toLowerCase();
  const raw = new TextDecoder().decode(response.body);
  const isHtml = type.includes("html") || (type === "" && /^\s*<(?:!doctype|html)/i.test(raw));
  let text = isHtml ? htmlToText(raw) : raw;
  const notes: string[] = [];
  if (response.truncated) notes.push("download stopped at the size limit");
  if (text.length > maxChars) {
    notes.push(`truncated to ${maxChars} of ${text.length} chars`);
    text = text.slice(0, maxChars);
  }
  const note = notes.length > 0 ? `\n[${notes.join("; ")}]` : "";
  return `URL: ${url.href}\nStatus: ${response.status}${note}\n\n${text}`;
}

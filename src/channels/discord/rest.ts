/**
 * A thin Discord REST v10 client on `fetch`. It honours rate limits the documented way: a 429's
 * `retry_after` (seconds, float) becomes DiscordApiError.retryAfterMs for the manager to wait on, a
 * global 429 pauses every request, and a bucket reported exhausted (`X-RateLimit-Remaining: 0`) delays
 * the next request on that route until `X-RateLimit-Reset-After`.
 */

import { delay } from "../../lib/delay.ts";
import { readLimited } from "../../lib/read-limited.ts";
import { classifyNetError, classifySendError, parseRetryAfter } from "../send-error.ts";

/** The default REST root. */
export const DISCORD_API_BASE = "https://discord.com/api/v10";

/** A non-2xx answer. */
export class DiscordApiError extends Error {
  override readonly name = "DiscordApiError";
  readonly status: number;
  readonly retryAfterMs: number | undefined;
  constructor(route: string, status: number, message: string, retryAfterMs?: number) {
    super(`discord ${route}: ${status} ${message}`);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Per-request options. */
export interface RestCallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

/** The REST calls the channel makes; results are `unknown` for the caller to parse. */
export interface DiscordRest {
  /** `body` is sent as JSON, or as multipart when it is FormData. */
  request(method: string, path: string, body?: unknown, options?: RestCallOptions): Promise<unknown>;
  /** Downloads an attachment URL, refusing bodies over `maxBytes`. */
  download(url: string, maxBytes: number, options?: RestCallOptions): Promise<Uint8Array>;
}

/** How to build the client. */
export interface DiscordRestOptions {
  token: string;
  baseUrl?: string | undefined;
  proxy?: string | undefined;
  fetch?: typeof fetch | undefined;
  now?: (() => number) | undefined;
}

/** Creates a client. */
export function createDiscordRest(options: DiscordRestOptions): DiscordRest {
  const base = (options.baseUrl?.trim() || DISCORD_API_BASE).replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  let globalUntil = 0;
  const routeUntil = new Map<string, number>();

  async function send(url: string, init: RequestInit, call: RestCallOptions): Promise<Response> {
    const timeout = AbortSignal.timeout(call.timeoutMs ?? 30_000);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const withProxy = options.proxy ? { ...init, proxy: options.proxy } : init;
    return doFetch(url, { ...withProxy, signal });
  }

  return {
    async request(method, path, body, call = {}) {
      // Buckets follow the major parameter (the channel id); message ids do not split them.
      const route = `${method} ${path.replace(/\/messages\/\d+/, "/messages/:id")}`;
      const wait = Math.max(globalUntil, routeUntil.get(route) ?? 0) - now();
      if (wait > 0) await delay(wait, call.signal);
      const headers: Record<string, string> = {
        authorization: `Bot ${options.token}`,
        "user-agent": "DiscordBot (https://github.com/sipeed/picoclaw, 0.1)",
      };
      let payload: FormData | string | undefined;
      if (body instanceof FormData) payload = body;
      else if (body !== undefined) {
        headers["content-type"] = "application/json";
        payload = JSON.stringify(body);
      }
      const init: RequestInit =
        payload === undefined ? { method, headers } : { method, headers, body: payload };
      const response = await send(`${base}${path}`, init, call);
      const text = await response.text();
      if (response.headers.get("x-ratelimit-remaining") === "0") {
        const reset = parseRetryAfter(response.headers.get("x-ratelimit-reset-after"));
        if (reset !== undefined) routeUntil.set(route, now() + reset);
      }
      const json = parseJson(text);
      if (response.ok) return json;
      const record = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
      const message = typeof record["message"] === "string" ? record["message"] : response.statusText;
      if (response.status === 429) {
        const seconds = record["retry_after"];
        const retryAfterMs =
          typeof seconds === "number"
            ? Math.ceil(seconds * 1000)
            : (parseRetryAfter(response.headers.get("retry-after")) ?? 1000);
        if (record["global"] === true || response.headers.get("x-ratelimit-global") === "true") {
          globalUntil = now() + retryAfterMs;
        }
        throw new DiscordApiError(route, 429, message, retryAfterMs);
      }
      throw new DiscordApiError(route, response.status, message);
    },
    async download(url, maxBytes, call = {}) {
      const response = await send(url, { method: "GET" }, { timeoutMs: 60_000, ...call });
      if (!response.ok) throw new DiscordApiError("download", response.status, response.statusText);
      return readLimited(response, maxBytes, "attachment");
    },
  };
}

/** Maps any client failure to the manager's send error classes. */
export function toSendError(error: unknown): Error {
  if (error instanceof DiscordApiError) return classifySendError(error.status, error, error.retryAfterMs);
  return classifyNetError(error);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

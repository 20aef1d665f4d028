/**
 * One HTTP GET to a pinned address with node:http(s). The socket's `lookup` returns the checked
 * address, so the URL, Host header and TLS server name stay the original host while no second DNS
 * query happens. node:http ignores HTTP(S)_PROXY, which closes the proxy bypass (#3078).
 * node:http(s) are imported on the first fetch, not at start: loading them costs ~6 MB RSS (isolated probe).
 */
import type http from "node:http";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./pin-host.ts";

/** A finished response, body capped. */
export interface PinnedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Uint8Array;
  /** True when the body was cut at `maxBytes`. */
  truncated: boolean;
}

/** Options for one request. */
export interface PinnedRequestOptions {
  address: ResolvedAddress;
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal;
  headers: Record<string, string>;
  /** Extra trusted CA certificate (PEM) for HTTPS, for private PKI and tests. */
  tlsCa?: string | undefined;
}

/** GETs `url` from the pinned address. Redirects are returned, not followed. */
export async function pinnedRequest(url: URL, options: PinnedRequestOptions): Promise<PinnedResponse> {
  const { address, family } = options.address;
  const lookup: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: "GET",
      headers: options.headers,
      lookup,
      agent: false,
      timeout: options.timeoutMs,
      signal: options.signal,
      ...(options.tlsCa ? { ca: options.tlsCa } : {}),
    });
    request.on("timeout", () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on("error", reject);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: new Uint8Array(Buffer.concat(chunks)),
          truncated,
        });
      response.on("data", (chunk: Buffer) => {
        if (truncated) return;
        const room = options.maxBytes - size;
        if (chunk.length >= room) {
          chunks.push(chunk.subarray(0, room));
          size = options.maxBytes;
          truncated = true;
          // Stop downloading at the cap (PicoClaw fetch_limit_bytes, 10 MB).
          response.destroy();
          finish();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on("end", finish);
      response.on("error", (error) => (truncated ? undefined : reject(error)));
    });
    request.end();
  });
}

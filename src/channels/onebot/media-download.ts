/**
 * Inbound OneBot media through web_fetch's SSRF guard. A media URL comes from whoever sent the message,
 * so it could aim the gateway at the LAN or the cloud metadata address (PicoClaw #3070): each hop is
 * resolved once, every address checked (private, loopback, link-local… refused unless whitelisted),
 * and the request pinned to the checked address. Bodies over the size limit are refused.
 */
import { errorMessage } from "../../lib/errors.ts";
import type { Logger } from "../../lib/logger.ts";
import { type HostResolver, pinHost, systemResolver } from "../../lib/ssrf/pin-host.ts";
import { pinnedRequest } from "../../lib/ssrf/pinned-request.ts";
import type { MediaStore } from "../../media/store.ts";
import type { OneBotMedia } from "./protocol.ts";

const MAX_REDIRECTS = 3;

/** What fetching needs. */
export interface OneBotMediaDeps {
  media?: MediaStore | undefined;
  maxBytes: number;
  /** `media_host_whitelist`: hosts, IPs or CIDRs allowed although private. */
  whitelist: readonly string[];
  log: Logger;
  resolver?: HostResolver | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** The body of a guarded GET, or why it was refused. */
export type GuardedDownload =
  | { ok: true; bytes: Uint8Array; contentType: string }
  | { ok: false; reason: string };

/** GETs `url` through the SSRF guard, following at most 3 redirects (each hop checked again). */
export async function guardedDownload(url: string, deps: OneBotMediaDeps): Promise<GuardedDownload> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const pinned = await pinHost(target, {
      resolver: deps.resolver ?? systemResolver,
      privateHostWhitelist: deps.whitelist,
    });
    if (!pinned.ok) return { ok: false, reason: pinned.reason };
    const response = await pinnedRequest(target, {
      address: pinned.address,
      // One byte over the limit tells "exactly the limit" from "too large".
      maxBytes: deps.maxBytes + 1,
      timeoutMs,
      signal,
      headers: { accept: "*/*" },
    });
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && typeof location === "string") {
      target = new URL(location, target);
      continue;
    }
    if (response.status !== 200) return { ok: false, reason: `HTTP ${response.status}` };
    if (response.truncated || response.body.byteLength > deps.maxBytes)
      return { ok: false, reason: `larger than ${deps.maxBytes} bytes` };
    const type = response.headers["content-type"];
    return { ok: true, bytes: response.body, contentType: (type ?? "").split(";")[0]?.trim() ?? "" };
  }
  return { ok: false, reason: `more than ${MAX_REDIRECTS} redirects` };
}

/** Fetches each item into the store under `scope`; returns the refs of those that arrived. Never throws. */
export async function fetchOneBotMedia(
  items: readonly OneBotMedia[],
  scope: string,
  deps: OneBotMediaDeps,
): Promise<string[]> {
  const store = deps.media;
  if (!store) return [];
  const refs: string[] = [];
  for (const item of items) {
    // The host only: QQ media URLs carry access keys in the query.
    const host = URL.canParse(item.url) ? new URL(item.url).host : "?";
    try {
      const result = await guardedDownload(item.url, deps);
      if (!result.ok) {
        deps.log.warn("onebot media not downloaded", { kind: item.kind, host, reason: result.reason });
        continue;
      }
      const filename = item.name || `${item.kind}${extensionFor(result.contentType)}`;
      const meta = { filename, contentType: result.contentType || undefined, source: "onebot" };
      refs.push(await store.storeBytes(result.bytes, meta, scope));
    } catch (error) {
      deps.log.warn("onebot media not downloaded", { kind: item.kind, host, reason: errorMessage(error) });
    }
  }
  return refs;
}

/** `.png` for image/png and the like, so tools can still tell the type from the stored name. */
function extensionFor(contentType: string): string {
  const sub = /^[a-z]+\/([a-z0-9]{1,5})$/i.exec(contentType)?.[1];
  return sub ? `.${sub.toLowerCase()}` : "";
}

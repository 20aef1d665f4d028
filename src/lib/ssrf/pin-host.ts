/**
 * Resolves a URL's host once and checks every address, so the fetch can connect to exactly the address
 * that was checked. A second lookup at connect time could return a different answer (DNS rebinding).
 */
import { isBlockedAddress, isIpLiteral, matchesCidr } from "./ssrf.ts";

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses. Injectable so tests need no DNS. */
export type HostResolver = (host: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo, all addresses). */
export const systemResolver: HostResolver = async (host) => {
  // Imported on first use: node:dns is not needed until the first web_fetch.
  const { lookup } = await import("node:dns/promises");
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/** Result of pinning: the address to connect to, or why the URL is refused. */
export type PinResult = { ok: true; address: ResolvedAddress } | { ok: false; reason: string };

/** Options for `pinHost`. */
export interface PinOptions {
  resolver: HostResolver;
  /** Host names, IPs or CIDRs that may be private (PicoClaw `private_host_whitelist`). */
  privateHostWhitelist: readonly string[];
}

/** Checks the URL's scheme and host, resolves it once, and returns the address to use. */
export async function pinHost(url: URL, options: PinOptions): Promise<PinResult> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: `only http and https URLs are allowed, not ${url.protocol}` };
  }
  if (url.username || url.password) return { ok: false, reason: "URLs with credentials are not allowed" };
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.$/, "");
  if (host === "") return { ok: false, reason: "URL has no host" };
  let addresses: readonly ResolvedAddress[];
  if (isIpLiteral(host)) {
    addresses = [{ address: host, family: host.includes(":") ? 6 : 4 }];
  } else {
    try {
      addresses = await options.resolver(host);
    } catch (error) {
      return {
        ok: false,
        reason: `cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  const first = addresses[0];
  if (!first) return { ok: false, reason: `cannot resolve ${host}: no addresses` };
  const whitelisted = (address: string) =>
    options.privateHostWhitelist.some((entry) => {
      const item = entry.trim().toLowerCase();
      return item === host || (/[:./]/.test(item) && matchesCidr(address, item));
    });
  // Refuse if ANY answer is private: picking a public one would still let a rebinding server race us.
  for (const { address } of addresses) {
    if (isBlockedAddress(address) && !whitelisted(address)) {
      return { ok: false, reason: `${host} resolves to a private or reserved address (${address})` };
    }
  }
  return { ok: true, address: first };
}

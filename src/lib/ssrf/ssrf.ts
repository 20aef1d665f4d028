/**
 * SSRF policy for `web_fetch`: which addresses a fetch may reach. Private, loopback, link-local,
 * CGNAT, benchmarking (198.18/15, #3077), multicast and reserved ranges are refused, and so is any
 * IPv6 address that embeds a refused IPv4 one (mapped, compatible, NAT64, 6to4, Teredo, ISATAP #3074).
 */
import { parseIpv4, parseIpv6 } from "./ip-address.ts";

/** [first byte pattern as a prefix, prefix length in bits] for refused IPv4 ranges. */
const BLOCKED_V4: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // TEST-NET-1
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // TEST-NET-2
  ["203.0.113.0", 24], // TEST-NET-3
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and broadcast
];

/** Refused IPv6 ranges (embedded IPv4 forms are handled separately). */
const BLOCKED_V6: readonly (readonly [string, number])[] = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["100::", 64], // discard-only
  ["2001:db8::", 32], // documentation
  ["2001:10::", 28], // ORCHID
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routable inside some networks)
  ["ff00::", 8], // multicast
];

const V4_RANGES = BLOCKED_V4.map(([base, bits]) => ({ base: parseIpv4(base) as Uint8Array, bits }));
const V6_RANGES = BLOCKED_V6.map(([base, bits]) => ({ base: parseIpv6(base) as Uint8Array, bits }));

/** True when `ip` (an IPv4 or IPv6 literal) must not be fetched. Unparseable text is refused. */
export function isBlockedAddress(ip: string): boolean {
  const v4 = parseIpv4(ip);
  if (v4) return isBlockedV4(v4);
  const v6 = parseIpv6(ip);
  if (!v6) return true;
  if (V6_RANGES.some(({ base, bits }) => matchesPrefix(v6, base, bits))) return true;
  return embeddedIpv4(v6).some(isBlockedV4);
}

/** True when `host` is an IP literal (v4, v6, or bracketed v6). */
export function isIpLiteral(host: string): boolean {
  return parseIpv4(host) !== undefined || parseIpv6(host) !== undefined;
}

/** True when `ip` falls in a CIDR like "10.0.0.0/8" or equals an address written without a prefix. */
export function matchesCidr(ip: string, cidr: string): boolean {
  const [base = "", bitsText] = cidr.split("/");
  const address = parseIpv4(ip) ?? parseIpv6(ip);
  const network = parseIpv4(base) ?? parseIpv6(base);
  if (!address || !network || address.length !== network.length) return false;
  const bits = bitsText === undefined ? address.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > address.length * 8) return false;
  return matchesPrefix(address, network, bits);
}

function isBlockedV4(v4: Uint8Array): boolean {
  return V4_RANGES.some(({ base, bits }) => matchesPrefix(v4, base, bits));
}

/** Every IPv4 address an IPv6 address can carry to an IPv4 host through a translator or tunnel. */
function embeddedIpv4(v6: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const zeros = (from: number, to: number) => v6.subarray(from, to).every((b) => b === 0);
  const last4 = v6.slice(12, 16);
  if (zeros(0, 10) && v6[10] === 0xff && v6[11] === 0xff) out.push(last4); // ::ffff:a.b.c.d mapped
  if (zeros(0, 12)) out.push(last4); // ::a.b.c.d compatible
  if (zeros(0, 8) && v6[8] === 0xff && v6[9] === 0xff && zeros(10, 12)) out.push(last4); // ::ffff:0:a.b.c.d
  if (v6[0] === 0x00 && v6[1] === 0x64 && v6[2] === 0xff && v6[3] === 0x9b) out.push(last4); // 64:ff9b::/96 (+ /48 local)
  if (v6[0] === 0x20 && v6[1] === 0x02) out.push(v6.slice(2, 6)); // 6to4 2002::/16
  if (v6[0] === 0x20 && v6[1] === 0x01 && v6[2] === 0 && v6[3] === 0) {
    // Teredo 2001::/32: server at bytes 4-7, client obfuscated (bit-inverted) at bytes 12-15.
    out.push(
      v6.slice(4, 8),
      last4.map((b) => b ^ 0xff),
    );
  }
  if ((v6[8] === 0x00 || v6[8] === 0x02) && v6[9] === 0 && v6[10] === 0x5e && v6[11] === 0xfe) {
    out.push(last4); // ISATAP interface id ::0:5efe:a.b.c.d / ::200:5efe:a.b.c.d under any prefix
  }
  return out;
}

function matchesPrefix(address: Uint8Array, base: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((address[i / 8] ?? 0) & mask) !== ((base[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

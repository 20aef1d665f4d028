/**
 * Normalises gateway host input ("[::1], 127.0.0.1, ::1" → "::1,127.0.0.1"), as Go's
 * netbind.NormalizeHostInput: trim, strip IPv6 brackets, canonicalise IPs, de-duplicate,
 * reject empty entries. Names are checked against RFC 1123 so typos fail at load, not at bind.
 */
import { parseIpv6 } from "../lib/ssrf/ip-address.ts";

// node:net's isIP without loading node:net at start (~5 MB RSS in an isolated probe): strict dotted quad (no leading
// zeros), or IPv6 text with an optional zone.
const IPV4_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)";
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);

function isIP(text: string): 0 | 4 | 6 {
  if (IPV4.test(text)) return 4;
  return parseIpv6(text) && !text.startsWith("[") ? 6 : 0;
}

/** The normalised host list, or an error message. */
export type HostResult = { ok: true; host: string } | { ok: false; message: string };

/** Normalises a comma-separated host list. */
export function normaliseHostInput(raw: string): HostResult {
  const trimmed = raw.trim();
  if (trimmed === "") return { ok: false, message: "host cannot be empty" };
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of trimmed.split(",")) {
    const token = canonicalHost(part.trim());
    if (!token.ok) return token;
    const key = token.host.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(token.host);
  }
  return { ok: true, host: out.join(",") };
}

function canonicalHost(host: string): HostResult {
  if (host === "") return { ok: false, message: "host list contains an empty entry" };
  if (host === "*") return { ok: true, host };
  if (host.toLowerCase() === "localhost") return { ok: true, host: "localhost" };
  const bare = host.replace(/^\[+|\]+$/g, "");
  const family = isIP(bare);
  if (family === 4)
    return {
      ok: true,
      host: bare
        .split(".")
        .map((octet) => String(Number(octet)))
        .join("."),
    };
  if (family === 6) return { ok: true, host: canonicalIpv6(bare) };
  if (
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
      host,
    )
  ) {
    return { ok: true, host };
  }
  return { ok: false, message: `"${host}" is not a host name or IP address` };
}

// RFC 5952 form via the URL parser (lower case, zero compression), which Go's ip.String() also emits.
function canonicalIpv6(address: string): string {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
}

/**
 * Turns `gateway.host` into the addresses to listen on (PicoClaw's netbind, simplified): `localhost` is
 * both loopbacks (127.0.0.1 and ::1), `*` every interface, and a comma list is each of its entries.
 */

/** One address to bind; `optional` ones may fail (a host without IPv6) without failing the gateway. */
export interface BindTarget {
  host: string;
  optional: boolean;
  /** Alternatives tried in order when the first fails (`*` falls back from dual-stack :: to 0.0.0.0). */
  fallback?: string | undefined;
}

/** Resolves a host setting (blank means localhost) into bind targets, without duplicates. */
export function resolveBindHosts(setting: string): BindTarget[] {
  const entries = setting
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const targets: BindTarget[] = [];
  const seen = new Set<string>();
  const add = (target: BindTarget) => {
    if (seen.has(target.host)) return;
    seen.add(target.host);
    targets.push(target);
  };
  for (const entry of entries.length > 0 ? entries : ["localhost"]) {
    if (entry.toLowerCase() === "localhost") {
      add({ host: "127.0.0.1", optional: false });
      add({ host: "::1", optional: true });
    } else if (entry === "*") {
      // Bun's "::" listener is dual-stack, which covers what Go does with a v6-only :: plus 0.0.0.0.
      add({ host: "::", optional: false, fallback: "0.0.0.0" });
    } else {
      add({ host: entry.replace(/^\[(.*)\]$/, "$1"), optional: false });
    }
  }
  return targets;
}

/**
 * Formats a duration the way Go's time.Duration.String() does ("1h2m3.456s", "1.5ms", "0s"), because
 * PicoClaw's /health and /ready report uptime in that format and clients may parse it.
 */

const NS_PER_MS = 1_000_000n;

/** Go's Duration.String() for a duration given in (possibly fractional) milliseconds. */
export function formatGoDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite duration: ${ms}`);
  const whole = Math.trunc(ms);
  // BigInt nanoseconds: exact for uptimes far beyond the 104 days a float nanosecond count can hold.
  const ns = BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
  const sign = ns < 0n ? "-" : "";
  const abs = ns < 0n ? -ns : ns;
  if (abs === 0n) return "0s";
  if (abs < 1000n) return `${sign}${abs}ns`;
  if (abs < 1_000_000n) return `${sign}${decimal(abs, 3)}µs`;
  if (abs < 1_000_000_000n) return `${sign}${decimal(abs, 6)}ms`;

  const seconds = decimal(abs % 60_000_000_000n, 9);
  const minutes = abs / 60_000_000_000n;
  if (minutes === 0n) return `${sign}${seconds}s`;
  const hours = minutes / 60n;
  if (hours === 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${hours}h${minutes % 60n}m${seconds}s`;
}

/** `value / 10^digits` in decimal with trailing fractional zeros (and a bare point) removed. */
function decimal(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const fraction = (value % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction === "" ? `${value / scale}` : `${value / scale}.${fraction}`;
}

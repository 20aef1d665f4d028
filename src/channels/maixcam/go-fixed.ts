/**
 * Go's `fmt.Sprintf("%.Nf", x)` for the detection text. JS `toFixed` rounds exact halves away from
 * zero and switches to exponent notation at 1e21; Go rounds halves to even and never does.
 */

/** Formats `x` with `digits` decimals exactly as Go's `%.<digits>f` does (digits 0..6). */
export function goFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  let text: string;
  if (abs >= 1e21) {
    // Integers this large are exact in binary; BigInt prints every digit, as Go does.
    text = BigInt(abs).toString() + (digits > 0 ? `.${"0".repeat(digits)}` : "");
  } else {
    const tie = halfTie(abs, digits);
    text = tie ?? abs.toFixed(digits);
  }
  return negative ? `-${text}` : text;
}

/**
 * When abs·10^digits lies exactly on .5, the half-to-even result; otherwise undefined (toFixed is
 * then correct, since both pick the nearest neighbour of the exact binary value).
 */
function halfTie(abs: number, digits: number): string | undefined {
  const expansion = exactDecimal(abs);
  const dot = expansion.indexOf(".");
  if (dot < 0) return undefined;
  const fraction = expansion.slice(dot + 1);
  if (fraction.length !== digits + 1 || !fraction.endsWith("5")) return undefined;
  let scaled = BigInt(expansion.slice(0, dot) + fraction.slice(0, digits));
  if (scaled % 2n === 1n) scaled += 1n;
  const text = scaled.toString().padStart(digits + 1, "0");
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** The exact decimal expansion of a finite non-negative double (no exponent, no trailing zeros). */
function exactDecimal(abs: number): string {
  if (Number.isInteger(abs)) return BigInt(abs).toString();
  // abs = integer / 2^shift exactly, so abs = integer·5^shift / 10^shift.
  let shift = 0;
  let scaled = abs;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    shift++;
  }
  const digits = (BigInt(scaled) * 5n ** BigInt(shift)).toString().padStart(shift + 1, "0");
  const whole = digits.slice(0, digits.length - shift);
  const fraction = digits.slice(digits.length - shift).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

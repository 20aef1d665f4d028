/**
 * LINE webhook signatures: `X-Line-Signature` is base64(HMAC-SHA256(channel secret, raw body))
 * (https://developers.line.biz/en/reference/messaging-api/#signature-validation). Compared in constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The signature LINE would send for `body`. */
export function signLineBody(secret: string, body: Uint8Array | string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** True when `header` is the valid signature of `body`. */
export function verifyLineSignature(secret: string, body: Uint8Array, header: string | null): boolean {
  if (!header) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header.trim(), "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * SHA256SUMS (the `sha256sum` output format: "<64 hex>  <name>", "*" before the name in binary mode)
 * and its optional Ed25519 signature SHA256SUMS.sig (64 raw bytes, or the same in base64).
 */
import { createPublicKey, verify } from "node:crypto";

/** Parses SHA256SUMS into name → lowercase hex digest; malformed lines are skipped. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trim());
    if (match) sums.set((match[2] as string).replace(/^\.\//, ""), (match[1] as string).toLowerCase());
  }
  return sums;
}

// DER prefix of an Ed25519 SubjectPublicKeyInfo; a raw 32-byte key is this plus the key.
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/** The signature bytes: 64 raw bytes as published, or their base64 text. */
function signatureBytes(sig: Uint8Array): Buffer {
  if (sig.byteLength === 64) return Buffer.from(sig);
  return Buffer.from(new TextDecoder().decode(sig).trim(), "base64");
}

/** Checks `sig` over `data` with a base64 public key (raw 32 bytes or SPKI DER); an error text when it fails. */
export function verifySignature(
  data: Uint8Array,
  sig: Uint8Array,
  publicKeyBase64: string,
): string | undefined {
  const raw = Buffer.from(publicKeyBase64.trim(), "base64");
  const der = raw.byteLength === 32 ? Buffer.concat([SPKI_PREFIX, raw]) : raw;
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({ key: der, format: "der", type: "spki" });
  } catch {
    return "update.public_key is not a base64 Ed25519 public key (32 raw bytes or SPKI DER)";
  }
  if (key.asymmetricKeyType !== "ed25519") return "update.public_key is not an Ed25519 key";
  const bytes = signatureBytes(sig);
  if (bytes.byteLength !== 64) return "SHA256SUMS.sig is not a 64-byte Ed25519 signature";
  return verify(null, data, key, bytes) ? undefined : "SHA256SUMS.sig does not verify with update.public_key";
}

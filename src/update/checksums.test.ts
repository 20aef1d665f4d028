import { describe, expect, test } from "bun:test";
import { generateKeyPairSync, sign } from "node:crypto";
import { parseSha256Sums, verifySignature } from "./checksums.ts";

const A = "a".repeat(64);
const B = "B".repeat(64);

describe("parseSha256Sums", () => {
  test("reads text and binary mode lines, strips ./, lowercases, skips junk", () => {
    const sums = parseSha256Sums(`${A}  picoclaw-linux-x64\n${B} *./picoclaw-linux-arm64\nnot a line\n\n`);
    expect([...sums]).toEqual([
      ["picoclaw-linux-x64", A],
      ["picoclaw-linux-arm64", "b".repeat(64)],
    ]);
  });
});

describe("verifySignature", () => {
  const data = new TextEncoder().encode(`${A}  picoclaw-linux-x64\n`);
  const keys = generateKeyPairSync("ed25519");
  const spki = keys.publicKey.export({ format: "der", type: "spki" });
  const raw = spki.subarray(12).toString("base64");

  test("accepts a raw or base64 signature with a raw or SPKI key", () => {
    const sig = sign(null, data, keys.privateKey);
    expect(verifySignature(data, sig, raw)).toBeUndefined();
    expect(
      verifySignature(data, new TextEncoder().encode(sig.toString("base64")), spki.toString("base64")),
    ).toBeUndefined();
  });

  test("refuses a signature over other bytes, a bad key and a short signature, saying why", () => {
    const sig = sign(null, new TextEncoder().encode("other"), keys.privateKey);
    expect(verifySignature(data, sig, raw)).toContain("does not verify");
    expect(verifySignature(data, sig, "bm90IGEga2V5")).toContain("not a base64 Ed25519 public key");
    expect(verifySignature(data, new Uint8Array(10), raw)).toContain("not a 64-byte");
  });
});

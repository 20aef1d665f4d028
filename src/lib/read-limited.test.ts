import { describe, expect, test } from "bun:test";
import { BodyTooLargeError, readLimited } from "./read-limited.ts";

function streamed(parts: string[], headers: Record<string, string> = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

describe("readLimited", () => {
  test("reads a body under the cap", async () => {
    expect(new TextDecoder().decode(await readLimited(streamed(["ab", "cd"]), 4))).toBe("abcd");
  });

  test("refuses a declared length over the cap without reading", async () => {
    await expect(readLimited(streamed(["x"], { "content-length": "10" }), 4, "file")).rejects.toThrow(
      "file too large: 10 bytes > 4",
    );
  });

  test("stops counting bytes past the cap even when the length is not declared", async () => {
    await expect(readLimited(streamed(["abc", "def"]), 4)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

import { describe, expect, test } from "bun:test";
import { httpFailure, parseRetryAfter } from "./http-failure.ts";

describe("httpFailure", () => {
  test("a context-length body wins over its 400 status", () => {
    const body = JSON.stringify({ error: { code: "context_length_exceeded", message: "too long" } });
    expect(httpFailure(400, body, new Headers()).reason).toBe("context_overflow");
  });
  test("status decides otherwise, and Retry-After becomes retryAfterMs", () => {
    expect(httpFailure(429, "{}", new Headers({ "retry-after": "1.5" }))).toMatchObject({
      reason: "rate_limit",
      status: 429,
      retryAfterMs: 1500,
    });
    expect(httpFailure(402, "", new Headers()).reason).toBe("billing");
    expect(httpFailure(404, "model not found", new Headers()).reason).toBe("unknown");
  });
  test("Retry-After accepts an HTTP date", () => {
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")),
    ).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

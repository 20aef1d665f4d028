import { describe, expect, test } from "bun:test";
import { classifyError } from "./classify.ts";
import { httpFailure } from "./http-failure.ts";
import { isUnreachable } from "./is-unreachable.ts";

const fromHttp = (status: number, body = "") => {
  const failure = httpFailure(status, body, new Headers());
  return isUnreachable(failure.reason, failure.status);
};

describe("isUnreachable", () => {
  test("transport failures and timeouts are outages", () => {
    for (const text of [
      "connect ECONNREFUSED 127.0.0.1:1",
      "getaddrinfo: no such host",
      "request timed out",
    ]) {
      expect(isUnreachable(classifyError(text) ?? "network")).toBe(true);
    }
  });

  test("5xx answers are outages, whatever their body says", () => {
    for (const status of [500, 502, 503, 504, 529]) expect(fromHttp(status, "upstream error")).toBe(true);
  });

  test("auth, billing, bad requests, rate limits and 501 are not", () => {
    expect(fromHttp(401, "invalid api key")).toBe(false);
    expect(fromHttp(402, "payment required")).toBe(false);
    expect(fromHttp(400, "bad request")).toBe(false);
    expect(fromHttp(429, "too many requests")).toBe(false);
    expect(fromHttp(501, "Not Implemented")).toBe(false);
    expect(isUnreachable("context_overflow")).toBe(false);
    expect(isUnreachable("canceled")).toBe(false);
  });
});

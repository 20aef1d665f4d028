import { describe, expect, test } from "bun:test";
import { buildCanonicalId, parseCanonicalId } from "./canonical-id.ts";

describe("buildCanonicalId", () => {
  test("lowercases and trims the platform, keeps the id's case", () => {
    expect(buildCanonicalId("  SLACK ", " U123ABC ")).toBe("slack:U123ABC");
  });

  test("is empty when either part is blank", () => {
    expect(buildCanonicalId("", "1")).toBe("");
    expect(buildCanonicalId("telegram", "  ")).toBe("");
  });
});

describe("parseCanonicalId", () => {
  test("splits at the first colon", () => {
    expect(parseCanonicalId(" matrix:@bob:example.org ")).toEqual({
      platform: "matrix",
      id: "@bob:example.org",
    });
  });

  test("rejects a missing platform, id or colon", () => {
    for (const bad of ["", "nocolon", ":id", "platform:"]) expect(parseCanonicalId(bad)).toBeUndefined();
  });

  test("round-trips what buildCanonicalId builds", () => {
    expect(parseCanonicalId(buildCanonicalId("Discord", "42"))).toEqual({ platform: "discord", id: "42" });
  });
});

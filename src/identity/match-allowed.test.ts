import { describe, expect, test } from "bun:test";
import type { SenderInfo } from "../bus/message.ts";
import { isNumericId, matchAllowed } from "./match-allowed.ts";

const alice: SenderInfo = {
  platform: "telegram",
  platformId: "123",
  canonicalId: "telegram:123",
  username: "alice",
};

describe("matchAllowed", () => {
  test("a bare entry matches the platform id, never the username", () => {
    expect(matchAllowed(alice, "123")).toBe(true);
    expect(matchAllowed(alice, "alice")).toBe(false);
    expect(matchAllowed({ platformId: "9", username: "123" }, "123")).toBe(false);
  });

  test("@name matches the username only", () => {
    expect(matchAllowed(alice, "@alice")).toBe(true);
    expect(matchAllowed(alice, "@bob")).toBe(false);
  });

  test("id|username matches either part", () => {
    expect(matchAllowed(alice, "123|zed")).toBe(true);
    expect(matchAllowed(alice, "999|alice")).toBe(true);
    expect(matchAllowed(alice, "999|zed")).toBe(false);
  });

  test("platform:id is canonical with a case-insensitive platform", () => {
    expect(matchAllowed(alice, "Telegram:123")).toBe(true);
    expect(matchAllowed(alice, "discord:123")).toBe(false);
  });

  test("platform:id falls back to platform and id when the sender has no canonical id", () => {
    expect(matchAllowed({ platform: "Discord", platformId: "7" }, "discord:7")).toBe(true);
    expect(matchAllowed({ platform: "telegram", platformId: "7" }, "discord:7")).toBe(false);
  });

  test("a numeric part before the colon is not a platform", () => {
    // "-100:5" is not canonical, so it is compared as a plain id.
    expect(matchAllowed({ platform: "telegram", platformId: "-100:5" }, "-100:5")).toBe(true);
  });

  test("blank entries never match", () => {
    expect(matchAllowed(alice, "   ")).toBe(false);
  });
});

describe("isNumericId", () => {
  test("accepts digits with one optional leading minus", () => {
    expect(["0", "42", "-1001234567890"].map(isNumericId)).toEqual([true, true, true]);
    expect(["", "-", "--1", "1-2", "12a", "+1", "١٢"].map(isNumericId)).toEqual(Array(7).fill(false));
  });
});

import { describe, expect, test } from "bun:test";
import { allowsEveryone, isAllowed, isAllowedSender, isOpenByDefault } from "./allow-list.ts";

describe("allowsEveryone", () => {
  test("is true for no list, empty strings only, or a * entry", () => {
    expect(allowsEveryone(undefined)).toBe(true);
    expect(allowsEveryone([])).toBe(true);
    expect(allowsEveryone([""])).toBe(true);
    expect(allowsEveryone(["1", "*"])).toBe(true);
  });

  test("is false for a real list, and for whitespace-only entries (they deny, not open)", () => {
    expect(allowsEveryone(["1"])).toBe(false);
    expect(allowsEveryone(["  "])).toBe(false);
  });
});

describe("isOpenByDefault", () => {
  test("flags only the implicit open case, not the explicit *", () => {
    expect([undefined, [], [""]].map(isOpenByDefault)).toEqual([true, true, true]);
    expect([["*"], ["1"], ["  "]].map(isOpenByDefault)).toEqual([false, false, false]);
  });
});

describe("isAllowed (legacy sender id)", () => {
  test("an empty list admits everyone; * admits everyone explicitly", () => {
    expect(isAllowed([], "x")).toBe(true);
    expect(isAllowed(["", ""], "x")).toBe(true);
    expect(isAllowed(["1", "*"], "x")).toBe(true);
  });

  test("matches compound sender ids by either part", () => {
    expect(isAllowed(["123"], "123|alice")).toBe(true);
    expect(isAllowed(["@alice"], "123|alice")).toBe(true);
    expect(isAllowed(["999|alice"], "123|alice")).toBe(true);
    expect(isAllowed(["123|zed"], "123")).toBe(true);
    expect(isAllowed(["123"], "654|bob")).toBe(false);
  });

  test("whitespace-only entries deny everyone", () => {
    expect(isAllowed(["  "], "anyone")).toBe(false);
  });
});

describe("isAllowedSender", () => {
  const sender = { platform: "telegram", platformId: "1", canonicalId: "telegram:1", username: "al" };

  test("applies matchAllowed to each entry", () => {
    expect(isAllowedSender(["2", "@al"], sender)).toBe(true);
    expect(isAllowedSender(["telegram:1"], sender)).toBe(true);
    expect(isAllowedSender(["2", "@bo"], sender)).toBe(false);
  });

  test("an empty list or * admits everyone", () => {
    expect(isAllowedSender(undefined, sender)).toBe(true);
    expect(isAllowedSender(["*"], sender)).toBe(true);
  });
});

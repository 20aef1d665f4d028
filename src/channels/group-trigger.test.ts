import { describe, expect, test } from "bun:test";
import { shouldRespondInGroup } from "./group-trigger.ts";

describe("shouldRespondInGroup", () => {
  test("answers everything, trimmed, when nothing is configured", () => {
    expect(shouldRespondInGroup(undefined, false, "  hi  ")).toEqual({ respond: true, content: "hi" });
    expect(shouldRespondInGroup({}, false, "hi")).toEqual({ respond: true, content: "hi" });
  });

  test("a mention beats mention_only and prefixes", () => {
    const trigger = { mention_only: true, prefixes: ["/ask"] };
    expect(shouldRespondInGroup(trigger, true, " hello ")).toEqual({ respond: true, content: "hello" });
  });

  test("mention_only ignores unmentioned messages even with a prefix, content unchanged", () => {
    const trigger = { mention_only: true, prefixes: ["/ask"] };
    expect(shouldRespondInGroup(trigger, false, "/ask x ")).toEqual({ respond: false, content: "/ask x " });
  });

  test("prefixes respond with the prefix stripped and skip empty prefixes", () => {
    const trigger = { prefixes: ["", "!bot", "/ask"] };
    expect(shouldRespondInGroup(trigger, false, "/ask  what? ")).toEqual({ respond: true, content: "what?" });
    expect(shouldRespondInGroup(trigger, false, " /ask x")).toEqual({ respond: false, content: " /ask x" });
  });
});

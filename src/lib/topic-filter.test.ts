import { describe, expect, test } from "bun:test";
import { topicFilterError, topicMatches } from "./topic-filter.ts";

describe("topicMatches", () => {
  test("follows MQTT's + and # rules", () => {
    expect(topicMatches("home/+/motion", "home/hall/motion")).toBe(true);
    expect(topicMatches("home/+/motion", "home/hall/door/motion")).toBe(false);
    expect(topicMatches("home/#", "home")).toBe(true);
    expect(topicMatches("home/#", "home/a/b/c")).toBe(true);
    expect(topicMatches("home/a", "home/a/b")).toBe(false);
    expect(topicMatches("home/a/b", "home/a")).toBe(false);
    expect(topicMatches("#", "$SYS/broker/uptime")).toBe(false);
    expect(topicMatches("+/x", "$SYS/x")).toBe(false);
    expect(topicMatches("$SYS/#", "$SYS/broker")).toBe(true);
  });
});

describe("topicFilterError", () => {
  test("accepts valid filters and names what is wrong with the others", () => {
    for (const ok of ["#", "+", "a/+/b", "a/#", "/picoclaw/+/request", "$SYS/#"])
      expect(topicFilterError(ok)).toBeUndefined();
    expect(topicFilterError("")).toBe("a topic filter cannot be empty");
    expect(topicFilterError("a/#/b")).toContain('"#" must be a whole level and the last one');
    expect(topicFilterError("a#")).toContain('"#"');
    expect(topicFilterError("a/b+")).toContain('"+" must be a whole level');
  });
});

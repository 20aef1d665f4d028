import { describe, expect, test } from "bun:test";
import { splitMessage } from "./split-message.ts";

const runeCount = (s: string) => Array.from(s).length;
const fenceCount = (s: string) => s.split("```").length - 1;

/** Small deterministic PRNG so the property test is reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("splitMessage", () => {
  test("returns [] for empty input and the whole text when maxLen <= 0", () => {
    expect(splitMessage("", 100)).toEqual([]);
    expect(splitMessage("", 0)).toEqual([]);
    expect(splitMessage("abc", 0)).toEqual(["abc"]);
    expect(splitMessage("abc", -5)).toEqual(["abc"]);
  });

  test("counts code points, not UTF-16 units", () => {
    const text = "😀".repeat(150);
    const chunks = splitMessage(text, 100);
    expect(chunks.length).toBe(2);
    for (const chunk of chunks) expect(runeCount(chunk)).toBeLessThanOrEqual(100);
    expect(chunks.join("")).toBe(text);
  });

  test("prefers a newline inside the window and drops it at the cut", () => {
    const text = `${"a".repeat(1750)}\n${"b".repeat(300)}`;
    expect(splitMessage(text, 2000)).toEqual(["a".repeat(1750), "b".repeat(300)]);
  });

  test("falls back to a space, then to a hard cut at the window", () => {
    const spaced = `${"a".repeat(1700)} ${"b".repeat(400)}`;
    expect(splitMessage(spaced, 2000)).toEqual(["a".repeat(1700), "b".repeat(400)]);
    const solid = "c".repeat(2500);
    expect(splitMessage(solid, 2000).map(runeCount)).toEqual([1800, 700]);
  });

  test("takes a whole code block into the chunk when its closing fence fits in maxLen", () => {
    const code = `\`\`\`\n${"x".repeat(40)}\n\`\`\``;
    const text = `${"p".repeat(40)}\n${code}\n${"q".repeat(50)}`;
    const chunks = splitMessage(text, 100);
    expect(chunks[0]).toBe(`${"p".repeat(40)}\n${code}`);
    expect(chunks[1]).toBe("q".repeat(50));
  });

  test("closes a long code block with a fence and reopens it with the header line", () => {
    const body = 'fmt.Println("hello")\n'.repeat(100);
    const chunks = splitMessage(`Prefix\n\`\`\`go\n${body}\`\`\``, 2000);
    expect(chunks.length).toBe(2);
    expect(chunks[0]?.startsWith("Prefix\n```go\n")).toBe(true);
    expect(chunks[0]?.endsWith("\n```")).toBe(true);
    expect(chunks[1]?.startsWith("```go\n")).toBe(true);
    expect(chunks[1]?.endsWith("```")).toBe(true);
    for (const chunk of chunks) expect(fenceCount(chunk) % 2).toBe(0);
  });

  test("terminates when the fence header line is longer than maxLen", () => {
    const text = `\`\`\`${"h".repeat(300)}\n${"code line\n".repeat(50)}\`\`\``;
    const chunks = splitMessage(text, 100);
    for (const chunk of chunks) {
      expect(runeCount(chunk)).toBeLessThanOrEqual(100);
      expect(fenceCount(chunk) % 2).toBe(0);
    }
  });

  test("terminates for tiny limits", () => {
    const chunks = splitMessage("```\nabc\n```\n```de", 3);
    for (const chunk of chunks) expect(runeCount(chunk)).toBeLessThanOrEqual(3);
    expect(chunks.join("").replace(/\s/g, "")).toContain("abc");
  });

  test("property: chunks respect maxLen and never leave a fence open", () => {
    const random = prng(42);
    const pieces = ["word ", "line\n", "```js\n", "```\n", "ü", "😀", "\t", "  ", "x".repeat(30)];
    for (let round = 0; round < 300; round++) {
      let text = "";
      const parts = 20 + Math.floor(random() * 200);
      for (let i = 0; i < parts; i++) text += pieces[Math.floor(random() * pieces.length)];
      // Only balanced input can be kept balanced chunk by chunk.
      if (fenceCount(text) % 2 === 1) text += "\n```";
      const maxLen = 60 + Math.floor(random() * 400);
      const chunks = splitMessage(text, maxLen);
      for (const chunk of chunks) {
        expect(runeCount(chunk)).toBeLessThanOrEqual(maxLen);
        expect(fenceCount(chunk) % 2).toBe(0);
      }
      // Fences are added and removed at cuts; every other visible character must survive.
      const visible = (s: string) => s.replace(/```|js|\s/g, "");
      expect(visible(chunks.join(""))).toBe(visible(text));
    }
  });
});

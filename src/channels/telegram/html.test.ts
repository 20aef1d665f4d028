import { describe, expect, test } from "bun:test";
import { markdownToTelegramHtml } from "./html.ts";
import { markdownToTelegramMarkdownV2 } from "./markdown-v2.ts";

describe("markdownToTelegramHtml", () => {
  test("escapes user text so any input parses", () => {
    expect(markdownToTelegramHtml("a < b && c > d </i>")).toBe("a &lt; b &amp;&amp; c &gt; d &lt;/i&gt;");
  });

  test("renders bold, italic, strike, inline code and links, nested", () => {
    expect(markdownToTelegramHtml('**bold _it_** ~~gone~~ `x<y` [site](https://e.com/?a=1&b="2")')).toBe(
      '<b>bold <i>it</i></b> <s>gone</s> <code>x&lt;y</code> <a href="https://e.com/?a=1&amp;b=&quot;2&quot;">site</a>',
    );
  });

  test("keeps snake_case and lone asterisks as text", () => {
    expect(markdownToTelegramHtml("snake_case_name 2 * 3 * 4")).toBe("snake_case_name 2 * 3 * 4");
  });

  test("fenced code keeps its content literal and names the language", () => {
    expect(markdownToTelegramHtml("```ts\nconst a = **b** < 1;\n```")).toBe(
      '<pre><code class="language-ts">const a = **b** &lt; 1;</code></pre>',
    );
  });

  test("headings turn bold, bullets get a dot, quote lines join into one blockquote", () => {
    expect(markdownToTelegramHtml("# Title\n- one\n> a\n> b\nend")).toBe(
      "<b>Title</b>\n• one\n<blockquote>a\nb</blockquote>\nend",
    );
  });

  test("links with unsafe schemes stay text", () => {
    expect(markdownToTelegramHtml("[x](javascript:alert(1))")).toBe("[x](javascript:alert(1))");
  });
});

describe("markdownToTelegramMarkdownV2", () => {
  test("escapes every reserved character outside markup", () => {
    expect(markdownToTelegramMarkdownV2("1.5 + (2) = 3!")).toBe("1\\.5 \\+ \\(2\\) \\= 3\\!");
  });

  test("renders markup with MarkdownV2 markers", () => {
    expect(markdownToTelegramMarkdownV2("**a.b** _c_ `d\\e`")).toBe("*a\\.b* _c_ `d\\\\e`");
  });
});

/**
 * Renders a reply for Telegram's HTML parse mode (Bot API §Formatting options: b, i, s, code, pre, a,
 * blockquote). Only `&`, `<` and `>` need escaping there, and all markup comes from the parsed tree.
 */
import { type Block, type Inline, parseMarkdown } from "./markdown.ts";

/** Escapes text for Telegram HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Markdown-ish reply → Telegram HTML. */
export function markdownToTelegramHtml(text: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flushQuote = () => {
    if (quote.length > 0) out.push(`<blockquote>${quote.join("\n")}</blockquote>`);
    quote = [];
  };
  for (const block of parseMarkdown(text)) {
    if (block.kind === "line" && block.style === "quote") {
      quote.push(inlineHtml(block.inline));
      continue;
    }
    flushQuote();
    out.push(blockHtml(block));
  }
  flushQuote();
  return out.join("\n");
}

function blockHtml(block: Block): string {
  if (block.kind === "pre") {
    const lang = block.lang ? ` class="language-${block.lang}"` : "";
    return `<pre><code${lang}>${escapeHtml(block.text)}</code></pre>`;
  }
  const body = inlineHtml(block.inline);
  if (block.style === "heading") return `<b>${body}</b>`;
  if (block.style === "bullet") return `• ${body}`;
  return body;
}

function inlineHtml(nodes: readonly Inline[]): string {
  return nodes.map(nodeHtml).join("");
}

function nodeHtml(node: Inline): string {
  switch (node.kind) {
    case "text":
      return escapeHtml(node.text);
    case "code":
      return `<code>${escapeHtml(node.text)}</code>`;
    case "bold":
      return `<b>${inlineHtml(node.children)}</b>`;
    case "italic":
      return `<i>${inlineHtml(node.children)}</i>`;
    case "strike":
      return `<s>${inlineHtml(node.children)}</s>`;
    case "link":
      return `<a href="${escapeHtml(node.href).replace(/"/g, "&quot;")}">${inlineHtml(node.children)}</a>`;
    default: {
      const never: never = node;
      return never;
    }
  }
}

/**
 * Renders a reply for Telegram's MarkdownV2 parse mode (`use_markdown_v2`). MarkdownV2 rejects any
 * unescaped reserved character, so every text run is escaped and only tree nodes emit markers.
 */
import { type Block, type Inline, parseMarkdown } from "./markdown.ts";

/** Escapes text outside code for MarkdownV2 (Bot API §MarkdownV2 style). */
export function escapeMarkdownV2(text: string): string {
  return text.replace(/[_*[\]()~`>#+\-=|{}.!\\]/g, "\\$&");
}

const escapeCode = (text: string) => text.replace(/[`\\]/g, "\\$&");

/** Markdown-ish reply → Telegram MarkdownV2. */
export function markdownToTelegramMarkdownV2(text: string): string {
  return parseMarkdown(text).map(blockV2).join("\n");
}

function blockV2(block: Block): string {
  if (block.kind === "pre") return `\`\`\`${block.lang}\n${escapeCode(block.text)}\n\`\`\``;
  const body = inlineV2(block.inline);
  if (block.style === "heading") return `*${body}*`;
  if (block.style === "quote") return `>${body}`;
  if (block.style === "bullet") return `• ${body}`;
  return body;
}

function inlineV2(nodes: readonly Inline[]): string {
  return nodes.map(nodeV2).join("");
}

function nodeV2(node: Inline): string {
  switch (node.kind) {
    case "text":
      return escapeMarkdownV2(node.text);
    case "code":
      return `\`${escapeCode(node.text)}\``;
    case "bold":
      return `*${inlineV2(node.children)}*`;
    case "italic":
      return `_${inlineV2(node.children)}_`;
    case "strike":
      return `~${inlineV2(node.children)}~`;
    case "link":
      return `[${inlineV2(node.children)}](${node.href.replace(/[)\\]/g, "\\$&")})`;
    default: {
      const never: never = node;
      return never;
    }
  }
}

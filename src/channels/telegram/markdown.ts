/**
 * Parses the Markdown-ish text LLMs write (fences, inline code, bold, italic, strike, links, headings,
 * quotes, bullets) into a small tree. Renderers (html.ts, markdown-v2.ts) walk the tree, so every tag
 * they emit is balanced by construction and user text is always escaped.
 */

/** Inline content of one line. */
export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "bold" | "italic" | "strike"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

/** One block: a fenced code block or a line with its line style. */
export type Block =
  | { kind: "pre"; lang: string; text: string }
  | { kind: "line"; style: "plain" | "heading" | "quote" | "bullet"; inline: Inline[] };

// Order matters: code first (its content is literal), double markers before single ones.
const INLINE =
  /`([^`\n]+)`|\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__|~~(?=\S)(.+?)(?<=\S)~~|\[([^\]\n]+)\]\(([^()\s]+)\)|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])/g;

const SAFE_HREF = /^(https?:\/\/|tg:\/\/|mailto:)/i;

/** Parses text into blocks. Never throws; anything unrecognised stays text. */
export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const fence = /^\s*```\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !/^\s*```\s*$/.test(lines[j] ?? "")) body.push(lines[j++] ?? "");
      blocks.push({ kind: "pre", lang: fence[1] ?? "", text: body.join("\n") });
      i = j;
      continue;
    }
    blocks.push(parseLine(line));
  }
  return blocks;
}

function parseLine(line: string): Block {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return { kind: "line", style: "heading", inline: parseInline(heading[1] ?? "") };
  const quote = /^>\s?(.*)$/.exec(line);
  if (quote) return { kind: "line", style: "quote", inline: parseInline(quote[1] ?? "") };
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet)
    return { kind: "line", style: "bullet", inline: parseInline(`${bullet[1] ?? ""}${bullet[2] ?? ""}`) };
  return { kind: "line", style: "plain", inline: parseInline(line) };
}

/** Parses one line's inline markup. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index;
    if (at > last) out.push({ kind: "text", text: text.slice(last, at) });
    last = at + match[0].length;
    const [, code, bold1, bold2, strike, linkText, href, italic1, italic2] = match;
    if (code !== undefined) out.push({ kind: "code", text: code });
    else if (bold1 !== undefined || bold2 !== undefined) {
      out.push({ kind: "bold", children: parseInline(bold1 ?? bold2 ?? "") });
    } else if (strike !== undefined) out.push({ kind: "strike", children: parseInline(strike) });
    else if (linkText !== undefined && href !== undefined) {
      if (SAFE_HREF.test(href)) out.push({ kind: "link", href, children: parseInline(linkText) });
      else out.push({ kind: "text", text: match[0] });
    } else out.push({ kind: "italic", children: parseInline(italic1 ?? italic2 ?? "") });
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}

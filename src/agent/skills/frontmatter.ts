/**
 * SKILL.md front matter: a `---` fenced block of JSON or a small YAML subset (top-level `key: value`,
 * quoted strings, `|`/`>` block scalars). Enough for name/description without a YAML dependency.
 */

/** The fenced block (without fences) and the body after it; no block means all body. */
export function splitFrontmatter(content: string): { frontmatter: string; body: string } {
  const lines = content.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0] !== "---") return { frontmatter: "", body: content };
  const end = lines.indexOf("---", 1);
  if (end < 0) return { frontmatter: "", body: content };
  return {
    frontmatter: lines.slice(1, end).join("\n"),
    body: lines
      .slice(end + 1)
      .join("\n")
      .replace(/^\n+/, ""),
  };
}

/** Top-level string fields of the front matter (JSON first, as PicoClaw tries, then YAML). */
export function parseFrontmatter(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === "object" && json !== null && !Array.isArray(json)) {
      for (const [key, value] of Object.entries(json)) if (typeof value === "string") fields[key] = value;
      return fields;
    }
  } catch {
    // not JSON: read it as YAML below
  }
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(lines[index] ?? "");
    if (!match) continue;
    const key = match[1] ?? "";
    const raw = (match[2] ?? "").trim();
    if (raw === "|" || raw === ">" || raw === "|-" || raw === ">-") {
      const block: string[] = [];
      while (index + 1 < lines.length && /^(\s+|$)/.test(lines[index + 1] ?? "")) {
        block.push((lines[++index] ?? "").trim());
      }
      fields[key] = raw.startsWith("|")
        ? block.join("\n").trim()
        : block.join(" ").replace(/\s+/g, " ").trim();
    } else {
      fields[key] = unquote(stripComment(raw));
    }
  }
  return fields;
}

function stripComment(value: string): string {
  if (value.startsWith('"') || value.startsWith("'")) return value;
  const at = value.search(/\s#/);
  return at < 0 ? value : value.slice(0, at).trimEnd();
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === "string") return parsed;
    } catch {
      // fall through to a plain strip
    }
    return value.slice(1, -1);
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
    return value.slice(1, -1).replaceAll("''", "'");
  }
  return value;
}

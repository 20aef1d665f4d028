/** Removes a leading YAML frontmatter block (`---` … `---`); the metadata is for tooling, not the model. */

/** The body of a markdown file without its frontmatter, trimmed. */
export function stripFrontmatter(text: string): string {
  const normalized = text.replace(/^\uFEFF/, "");
  const match = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(normalized);
  return (match ? normalized.slice(match[0].length) : normalized).trim();
}

/** The skills catalogue: only name, description and location; the model reads a SKILL.md on demand. */

/** What the prompt needs to know about one skill. */
export interface SkillSummary {
  name: string;
  description: string;
  location: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `<skills><skill><name/><description/><location/></skill>…</skills>`, or "" when there are none. */
export function formatSkillsBlock(skills: readonly SkillSummary[]): string {
  if (skills.length === 0) return "";
  const lines = ["<skills>"];
  for (const skill of skills) {
    lines.push(
      "  <skill>",
      `    <name>${escapeXml(skill.name)}</name>`,
      `    <description>${escapeXml(skill.description)}</description>`,
      `    <location>${escapeXml(skill.location)}</location>`,
      "  </skill>",
    );
  }
  lines.push("</skills>");
  return lines.join("\n");
}

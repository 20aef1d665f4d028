import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFrontmatter } from "./frontmatter.ts";
import { describeSkill, listSkills, loadSkill } from "./list-skills.ts";

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "skills-"));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

async function skill(root: string, dir: string, content: string) {
  await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, dir, "SKILL.md"), content);
}

describe("listSkills", () => {
  test("workspace skills win over global ones with the same name", async () => {
    const workspace = join(base, "ws");
    const globalDir = join(base, "global");
    await skill(
      join(workspace, "skills"),
      "github",
      '---\n{"name": "github", "description": "Use gh"}\n---\nbody',
    );
    await skill(globalDir, "github", "---\nname: github\ndescription: old\n---\n");
    await skill(
      globalDir,
      "summarize",
      "---\nname: summarize\ndescription: >\n  Summarise long\n  texts\n---\n",
    );
    const skills = await listSkills({ workspace, globalDir });
    expect(skills).toEqual([
      {
        name: "github",
        description: "Use gh",
        location: join(workspace, "skills", "github", "SKILL.md"),
        source: "workspace",
      },
      {
        name: "summarize",
        description: "Summarise long texts",
        location: join(globalDir, "summarize", "SKILL.md"),
        source: "global",
      },
    ]);
    expect(await loadSkill("github", { workspace, globalDir })).toBe("body");
  });

  test("skips skills without a description or with a bad name", async () => {
    const workspace = join(base, "ws");
    await skill(join(workspace, "skills"), "empty", "---\nname: empty\n---\n");
    await skill(join(workspace, "skills"), "bad", "---\nname: bad name!\ndescription: x\n---\n");
    await skill(
      join(workspace, "skills"),
      "long",
      `---\nname: long\ndescription: ${"x".repeat(1025)}\n---\n`,
    );
    expect(await listSkills({ workspace })).toEqual([]);
  });
});

describe("describeSkill", () => {
  test("falls back to the first heading and paragraph", () => {
    const info = describeSkill(
      "# hardware\n\nPinouts for boards\nand buses.\n\nMore.",
      "/s/hw/SKILL.md",
      "builtin",
    );
    expect(info).toEqual({
      name: "hardware",
      description: "Pinouts for boards and buses.",
      location: "/s/hw/SKILL.md",
      source: "builtin",
    });
    const byFolder = describeSkill("# Not A Valid Name\n\ntext", "/s/my-skill/SKILL.md", "global");
    expect(typeof byFolder !== "string" && byFolder.name).toBe("my-skill");
  });
});

describe("parseFrontmatter", () => {
  test("reads quoted values, comments and literal blocks", () => {
    expect(
      parseFrontmatter("name: \"a \\\"b\\\"\"\nx: plain # note\ny: 'it''s'\nz: |\n  one\n  two\n"),
    ).toEqual({
      name: 'a "b"',
      x: "plain",
      y: "it's",
      z: "one\ntwo",
    });
  });
});

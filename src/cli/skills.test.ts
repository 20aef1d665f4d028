import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { skillsCommand } from "./skills.ts";

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "skills-cli-"));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function skill(root: string, dir: string, content: string) {
  await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, dir, "SKILL.md"), content);
}

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await skillsCommand.run(args, {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    env: { PICOCLAW_HOME: home },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("picoclaw skills", () => {
  test("list shows workspace and global skills; show prints the body", async () => {
    await skill(
      join(home, "workspace", "skills"),
      "weather",
      "---\nname: weather\ndescription: Local forecast\n---\n# Weather\nUse wttr.in.\n",
    );
    await skill(
      join(home, "skills"),
      "weather",
      "---\nname: weather\ndescription: global copy\n---\nignored",
    );
    await skill(join(home, "skills"), "tmux", "---\nname: tmux\ndescription: Drive tmux sessions\n---\nbody");

    const listed = await cli("list");
    expect(listed.out).toContain("  ✓ weather (workspace)\n    Local forecast");
    expect(listed.out).toContain("  ✓ tmux (global)\n    Drive tmux sessions");
    expect(listed.out).not.toContain("global copy");

    const shown = await cli("show", "weather");
    expect(shown.out).toContain("📦 Skill: weather");
    expect(shown.out).toContain("# Weather\nUse wttr.in.");
    expect(shown.out).not.toContain("description:");
  });

  test("reports missing skills and an empty list", async () => {
    expect((await cli("list")).out).toBe("No skills installed.");
    const missing = await cli("show", "nope");
    expect(missing.code).toBe(1);
    expect(missing.err).toBe("✗ Skill 'nope' not found");
    expect((await cli("show", "../etc")).code).toBe(1);
  });
});

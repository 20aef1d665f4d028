import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "config");
const home = mkdtempSync(join(tmpdir(), "picoclaw-e2e-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

// Runs the real entry point in a child Bun, as a user would, with a clean environment.
async function picoclaw(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(
    [join(ROOT, "node_modules", ".bin", "bun"), join(ROOT, "src", "main.ts"), ...args],
    {
      cwd: ROOT,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: home,
        PICOCLAW_HOME: join(home, ".picoclaw"),
        OPENAI_API_KEY: "sk-e2e",
      },
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, stdout, stderr };
}

describe("picoclaw executable", () => {
  test("a reader that closes the pipe early is not an error (`picoclaw version | head -1`)", () => {
    const bun = join(ROOT, "node_modules", ".bin", "bun");
    // `true` exits before Bun has started, so every write meets a closed pipe.
    const result = Bun.spawnSync(["sh", "-c", `"${bun}" src/main.ts --help | true`], {
      cwd: ROOT,
      stderr: "pipe",
    });
    expect(result.stderr.toString()).toBe("");
  });

  test("--help exits 0 and lists the commands", async () => {
    const result = await picoclaw("--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: picoclaw [--no-color] <command> [options]");
    expect(result.stdout).toContain("  config");
  });

  test("an unknown command exits 2 with usage on stderr", async () => {
    const result = await picoclaw("nope");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('unknown command "nope"');
  });

  test("config check prints all three mistakes and exits 1", async () => {
    const result = await picoclaw("config", "check", join(FIXTURES, "three-mistakes.json"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("3 config problems:");
    expect(result.stderr).toContain(
      "channel_list.telegram.token: unknown key; did you mean to put it under settings?",
    );
    expect(result.stderr).toContain("model_list[0].model: required but missing");
    expect(result.stderr).toContain('gateway.port: expected a whole number from 0 to 65535 (found "18790")');
  });

  test("the reference example config passes", async () => {
    const result = await picoclaw("config", "check", join(FIXTURES, "reference-example.json"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toStartWith(`config OK: ${join(FIXTURES, "reference-example.json")}`);
  });

  test("version prints the package version", async () => {
    const result = await picoclaw("version");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^picoclaw \d+\.\d+\.\d+\nbun /);
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "./commands.ts";
import { runCli } from "./index.ts";
import { WORKSPACE_TEMPLATES } from "./onboard.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "test", "fixtures", "config");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(extraEnv: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), "picoclaw-cli-"));
  dirs.push(home);
  const out: string[] = [];
  const err: string[] = [];
  // An unreachable OPENAI base keeps the built-in config from probing a real Ollama.
  const env = { HOME: home, PICOCLAW_HOME: join(home, ".picoclaw"), OPENAI_API_KEY: "sk-test", ...extraEnv };
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env };
  return { home, io, out, err, run: (...argv: string[]) => runCli(argv, io) };
}

describe("runCli", () => {
  test("--help lists every command; command --help prints its usage", async () => {
    const { out, run } = setup();
    expect(await run("--help")).toBe(0);
    const help = out.join("\n");
    for (const name of ["onboard", "status", "config", "version"]) expect(help).toContain(`  ${name}`);
    out.length = 0;
    expect(await run("config", "--help")).toBe(0);
    expect(out.join("\n")).toStartWith("Usage: picoclaw config check [path]");
  });

  test("unknown command → usage on stderr, exit 2; bad arguments → 2; aliases work", async () => {
    const { out, err, run } = setup();
    expect(await run("frobnicate")).toBe(2);
    expect(err[0]).toBe('picoclaw: unknown command "frobnicate"');
    expect(await run("config", "fix")).toBe(2);
    expect(await run("v")).toBe(0);
    expect(out).toContain(`bun ${Bun.version}`);
  });

  test("config check prints every problem and exits 1; a valid file gives a summary", async () => {
    const { out, err, run } = setup();
    expect(await run("config", "check", join(FIXTURES, "three-mistakes.json"))).toBe(1);
    expect(err.filter((line) => line.startsWith("  - "))).toHaveLength(3);
    expect(await run("config", "check", join(FIXTURES, "reference-example.json"))).toBe(0);
    expect(out[0]).toContain("config OK:");
    expect(out).toContain("  channels enabled: pico, maixcam, mqtt");
    expect(await run("config", "check", join(FIXTURES, "missing.json"))).toBe(1);
  });

  test("onboard writes config, secrets and templates once, and never overwrites", async () => {
    const { home, out, run } = setup();
    const picoHome = join(home, ".picoclaw");
    const soul = join(picoHome, "workspace", "SOUL.md");
    expect(await run("onboard")).toBe(0);
    expect(out.filter((l) => l.startsWith("wrote"))).toHaveLength(
      2 + Object.keys(WORKSPACE_TEMPLATES).length,
    );
    expect(statSync(join(picoHome, "config.json")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(picoHome, "config.json"), "utf8")).not.toContain("sk-test");
    expect(readFileSync(join(picoHome, ".security.yml"), "utf8")).toContain('"sk-test"');
    writeFileSync(soul, "mine\n");
    out.length = 0;
    expect(await run("onboard")).toBe(0);
    expect(out.every((line) => line.startsWith("kept"))).toBe(true);
    expect(readFileSync(soul, "utf8")).toBe("mine\n");
    out.length = 0;
    expect(await run("status")).toBe(0);
    expect(out).toContain("model: gpt-5.4");
    expect(out).toContain("provider keys: openai: ✓");
    expect(out.some((l) => l.startsWith("config:") && l.includes("(exists)"))).toBe(true);
  });

  test("status on a broken config lists the problems and exits 1", async () => {
    const { home, out } = setup();
    writeFileSync(join(home, "bad.json"), '{"version":3,"gateway":{"port":-1}}');
    const { io } = setup();
    io.env["PICOCLAW_CONFIG"] = join(home, "bad.json");
    expect(await runCli(["status"], { ...io, stdout: (l) => out.push(l) })).toBe(1);
    expect(out.join("\n")).toContain("gateway.port: expected a whole number from 0 to 65535 (found -1)");
  });
});

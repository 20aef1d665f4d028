/**
 * Old and minimal configs load with every section PicoClaw defines, at Go's DefaultConfig values, and
 * `picoclaw status` (the CLI entry) shows them, saying which sections this port does not run.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/index.ts";
import { runCli } from "./index.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "test", "fixtures", "config");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function status(configPath: string): Promise<{ code: number; out: string[] }> {
  const home = mkdtempSync(join(tmpdir(), "picoclaw-status-"));
  dirs.push(home);
  const out: string[] = [];
  const env = { HOME: home, PICOCLAW_HOME: home, PICOCLAW_CONFIG: configPath };
  const code = await runCli(["status"], { stdout: (l) => out.push(l), stderr: (l) => out.push(l), env });
  return { code, out };
}

describe("config sections with PicoClaw's defaults", () => {
  for (const fixture of ["legacy-v1.json", "tiny.json"]) {
    test(`${fixture}: every section is present with Go's defaults`, async () => {
      const loaded = await loadConfig({ path: join(FIXTURES, fixture), env: { HOME: tmpdir() } });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
      const c = loaded.config;
      expect(c.hooks).toMatchObject({
        enabled: true,
        defaults: { observer_timeout_ms: 500, interceptor_timeout_ms: 5000, approval_timeout_ms: 60_000 },
      });
      expect(c.events.logging).toEqual({
        enabled: true,
        include: ["agent.*"],
        exclude: [],
        min_severity: "info",
        include_payload: false,
      });
      expect(c.evolution).toMatchObject({ enabled: false, mode: "observe", min_task_count: 2 });
      expect(c.evolution.min_success_ratio).toBe(0.7);
      expect(c.isolation).toMatchObject({ enabled: false, expose_paths: [] });
      expect(c.devices).toMatchObject({ enabled: false, monitor_usb: true });
      expect(c.gateway.hot_reload).toBe(false);
      expect(c.session.dimensions).toEqual(["chat"]);
      expect(c.agents.dispatch.rules).toEqual([]);
    });
  }

  test("status shows each section and marks what this port does not run", async () => {
    const { code, out } = await status(join(FIXTURES, "tiny.json"));
    expect(code).toBe(0);
    expect(out).toContain("session dimensions: chat");
    expect(out).toContain("gateway hot reload: off");
    expect(out).toContain("isolation: off");
    expect(out.find((l) => l.startsWith("hooks: "))).toContain(
      "enabled, 0 configured (not run by this port)",
    );
    expect(out.find((l) => l.startsWith("events logging: "))).toContain("include agent.*, min severity info");
  });

  test("status lists agents and dispatch rules, and says hot reload is not run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "picoclaw-status-cfg-"));
    dirs.push(dir);
    const path = join(dir, "config.json");
    writeFileSync(
      path,
      JSON.stringify({
        version: 3,
        agents: {
          defaults: { model_name: "fake" },
          list: [
            { id: "main", default: true },
            { id: "coder", model: "coder" },
          ],
          dispatch: { rules: [{ agent: "coder", when: { channel: "pico" } }] },
        },
        gateway: { hot_reload: true },
      }),
    );
    const { code, out } = await status(path);
    expect(code).toBe(0);
    expect(out).toContain("agents: main (default) → fake, coder → coder");
    expect(out).toContain("dispatch rules: 1 (first match wins)");
    expect(out).toContain(
      "gateway hot reload: on (not run by this port: restart the gateway to apply config changes)",
    );
  });
});

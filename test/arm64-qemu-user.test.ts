/**
 * CI-sized arm64 check: the cross-compiled dist/picoclaw-linux-arm64 runs `gateway` under qemu-user
 * (Cortex-A53, no LSE atomics, like a Pi Zero 2 W) with the built-in default config, answers /health,
 * and exits 0 on SIGTERM. Memory is not measured here: under qemu-user RSS is the emulator's.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./helpers/free-port.ts";
import { LineWatcher } from "./helpers/line-reader.ts";

const ROOT = resolve(import.meta.dir, "..");
const BINARY = join(ROOT, "dist", "picoclaw-linux-arm64");
const QEMU = Bun.which("qemu-aarch64-static");
const SYSROOT = "/usr/aarch64-linux-gnu";
// npm test installs these (scripts/test-prereqs.sh); a run without them fails here instead of passing.
function requireQemu(): string {
  if (QEMU === null || !existsSync(SYSROOT)) {
    throw new Error(
      "qemu-aarch64-static or /usr/aarch64-linux-gnu is missing: apt-get install qemu-user-static libc6-arm64-cross",
    );
  }
  return QEMU;
}

const homes: string[] = [];
afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** Builds the arm64 binary once if it is missing (offline apart from npm; a few seconds). */
function ensureBinary(): void {
  if (existsSync(BINARY)) return;
  const build = Bun.spawnSync(["bash", join(ROOT, "scripts", "cross-compile.sh"), "arm64"], {
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  });
  if (build.exitCode !== 0 || !existsSync(BINARY)) throw new Error("scripts/cross-compile.sh arm64 failed");
}

describe("arm64 build under qemu-user", () => {
  test("gateway starts with the default config, answers /health, and exits 0 on SIGTERM", async () => {
    const qemu = requireQemu();
    ensureBinary();
    const home = mkdtempSync(join(tmpdir(), "picoclaw-arm64-"));
    homes.push(home);
    const port = await freePort();
    const maixcamPort = await freePort();
    const child = Bun.spawn([qemu, "-L", SYSROOT, "-cpu", "cortex-a53", BINARY, "gateway"], {
      cwd: home,
      env: {
        PATH: process.env["PATH"] ?? "/usr/bin:/bin",
        HOME: home,
        PICOCLAW_HOME: home,
        PICOCLAW_GATEWAY_PORT: String(port),
        // The default MaixCam port 18791 may be taken on a CI host; the env overlay moves it.
        PICOCLAW_CHANNELS_MAIXCAM_PORT: String(maixcamPort),
      },
      stdout: "pipe",
      stderr: "pipe",
    });
    const stdout = new LineWatcher(child.stdout);
    const stderr = new LineWatcher(child.stderr);
    try {
      // Emulated start takes 1-3 s here; a loaded CI runner can be far slower.
      await stdout.waitFor("✓ Gateway started", 120_000);
    } catch (error) {
      child.kill("SIGKILL");
      await child.exited;
      throw new Error(`${(error as Error).message}\nstderr:\n${stderr.lines.slice(-30).join("\n")}`);
    }
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(30_000) });
    expect(response.status).toBe(200);
    const health = (await response.json()) as Record<string, unknown>;
    expect(health["status"]).toBe("ok");
    // The pid the guest reports is qemu's own (qemu-user runs the program in its process).
    expect(health["pid"]).toBe(child.pid);
    child.kill("SIGTERM");
    expect(await child.exited).toBe(0);
  }, 240_000);
});

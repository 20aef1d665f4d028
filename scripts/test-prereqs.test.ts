/** scripts/test-prereqs.sh with a made-up system: PATH holds only fake commands, files live under a temp root. */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const SCRIPT = join(import.meta.dir, "test-prereqs.sh");
const BASH = Bun.which("bash") ?? "/bin/bash";
const COMMANDS = ["mosquitto", "systemd-analyze", "python3", "openssl", "qemu-aarch64-static"];
const FILES = [
  "/usr/bin/chromium",
  "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1",
  "/usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3",
];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function executable(path: string, body: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** A system with everything but `without`; apt-get logs its arguments and exits with `aptExit`. */
function system(without: readonly string[], aptExit = 0) {
  const dir = mkdtempSync(join(tmpdir(), "prereqs-"));
  dirs.push(dir);
  const bin = join(dir, "bin");
  const log = join(dir, "apt.log");
  for (const name of COMMANDS) if (!without.includes(name)) executable(join(bin, name), "exit 0");
  for (const file of FILES) if (!without.includes(file)) executable(join(dir, "root", file), "exit 0");
  executable(join(bin, "apt-get"), `echo "$*" >> "${log}"\nexit ${aptExit}`);
  const run = (uid: number) => {
    const result = Bun.spawnSync([BASH, SCRIPT], {
      env: { PATH: bin, PREREQS_UID: String(uid), PREREQS_ROOT: join(dir, "root") },
    });
    return {
      code: result.exitCode,
      stdout: result.stdout.toString(),
      stderr: result.stderr.toString(),
      apt: existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [],
    };
  };
  return { run };
}

describe("scripts/test-prereqs.sh", () => {
  test("everything present: silent, exit 0, apt-get untouched", () => {
    const result = system([]).run(1000);
    expect(result).toEqual({ code: 0, stdout: "", stderr: "", apt: [] });
  });

  test("not root and something missing: fails at once with the one apt-get line", () => {
    const result = system(["openssl", "/usr/bin/chromium"]).run(1000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("sudo apt-get install -y --no-install-recommends chromium openssl\n");
    expect(result.apt).toEqual([]);
  });

  test("root and something missing: says what it installs and installs exactly that", () => {
    const result = system(["qemu-aarch64-static", "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1"]).run(0);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "test prerequisites: installing qemu-user-static libc6-arm64-cross (apt-get, as root)\n",
    );
    expect(result.apt).toEqual(["install -y -qq --no-install-recommends qemu-user-static libc6-arm64-cross"]);
  });

  test("root and the install fails even after refreshing the package lists: the run fails", () => {
    const result = system(["mosquitto"], 100).run(0);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("apt-get install mosquitto failed");
    expect(result.apt).toEqual([
      "install -y -qq --no-install-recommends mosquitto",
      "update -qq",
      "install -y -qq --no-install-recommends mosquitto",
    ]);
  });
});

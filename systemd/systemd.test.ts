import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const unit = readFileSync(join(import.meta.dir, "picoclaw.service"), "utf8");

describe("systemd/picoclaw.service", () => {
  test("is Type=notify with a watchdog, restarts on failure and is hardened", () => {
    for (const line of [
      "Type=notify",
      "WatchdogSec=30",
      "Restart=on-failure",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "StateDirectory=picoclaw",
      "ReadWritePaths=/var/lib/picoclaw",
      "TimeoutStopSec=20",
      "ExecStartPre=+/usr/local/bin/picoclaw update --boot-check",
      "Environment=PICOCLAW_UPDATE_BOOT_CHECK=pre-start",
    ]) {
      expect(unit.split("\n")).toContain(line);
    }
    expect(unit).toMatch(/^MemoryMax=\d+M$/m);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
  });

  test("passes systemd-analyze verify", () => {
    const which = spawnSync("sh", ["-c", "command -v systemd-analyze"], { encoding: "utf8" });
    // npm test installs it (scripts/test-prereqs.sh); without it this fails instead of passing.
    if (which.status !== 0) throw new Error("systemd-analyze is missing: apt-get install systemd");
    const dir = mkdtempSync(join(tmpdir(), "unit-"));
    try {
      // verify needs ExecStart and ExecStartPre to exist: point them at a stand-in executable in the temp dir.
      const binary = join(dir, "picoclaw");
      writeFileSync(binary, "#!/bin/sh\nexit 0\n");
      chmodSync(binary, 0o755);
      const path = join(dir, "picoclaw.service");
      writeFileSync(
        path,
        unit
          .replaceAll("=/usr/local/bin/picoclaw ", `=${binary} `)
          .replaceAll("+/usr/local/bin/picoclaw ", `+${binary} `),
      );
      const result = spawnSync("systemd-analyze", ["verify", "--man=no", path], { encoding: "utf8" });
      const complaints = `${result.stdout}${result.stderr}`
        .split("\n")
        .filter((line) => line.includes("picoclaw.service"));
      expect(complaints).toEqual([]);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

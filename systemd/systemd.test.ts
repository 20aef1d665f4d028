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
      "Environment=PICOCLAW_UPDATE_BOOT_CHECK=pre-start",
    ]) {
      expect(unit.split("\n")).toContain(line);
    }
    expect(unit).toMatch(/^MemoryMax=\d+M$/m);
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=yes/m);
  });

  test("the boot counter runs picoclaw.prev, only while an update is pending, and never blocks a start", () => {
    const pre = unit.split("\n").filter((line) => line.startsWith("ExecStartPre="));
    expect(pre).toHaveLength(1);
    const match = /^ExecStartPre=-\+\/bin\/sh -c '(.*)'$/.exec(pre[0] ?? "");
    if (!match) throw new Error(`unexpected ExecStartPre: ${pre[0]}`);
    // The shell command as systemd hands it over ("$$" is a literal "$"), with .prev in a temp dir.
    const dir = mkdtempSync(join(tmpdir(), "unit-pre-"));
    try {
      const script = (match[1] ?? "")
        .replaceAll("$$", "$")
        .replaceAll("/usr/local/bin/picoclaw.prev", join(dir, "picoclaw.prev"));
      const runPre = () =>
        spawnSync("/bin/sh", ["-c", script], { encoding: "utf8", env: { PICOCLAW_HOME: dir } });
      writeFileSync(join(dir, "picoclaw.prev"), '#!/bin/sh\necho "prev ran: $*"\nexit 7\n');
      chmodSync(join(dir, "picoclaw.prev"), 0o755);
      // No update pending: nothing runs (the common start pays for no second binary).
      expect(runPre()).toMatchObject({ status: 0, stdout: "" });
      // Pending: the kept binary counts the start, whatever the new binary at picoclaw does.
      writeFileSync(join(dir, "update-pending.json"), "{}");
      expect(runPre()).toMatchObject({ status: 7, stdout: "prev ran: update --boot-check\n" });
      // Pending but no .prev: the command fails, and the "-" prefix makes systemd start the service anyway.
      rmSync(join(dir, "picoclaw.prev"));
      expect(runPre().status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

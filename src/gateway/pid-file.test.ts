import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { claimPidFile, GatewayRunningError } from "./pid-file.ts";

let home = "";
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("claimPidFile", () => {
  test("writes this process's record and removes it on release", () => {
    home = mkdtempSync(join(tmpdir(), "pid-"));
    const lock = claimPidFile(home, { version: "t", port: 1, host: "h" });
    const saved = JSON.parse(readFileSync(join(home, ".picoclaw.pid"), "utf8"));
    expect(saved.pid).toBe(process.pid);
    expect(saved.token).toMatch(/^[0-9a-f]{32}$/);
    lock.release();
    expect(existsSync(join(home, ".picoclaw.pid"))).toBe(false);
  });

  test("refuses while another live process holds the lock, replaces a stale one", () => {
    home = mkdtempSync(join(tmpdir(), "pid-"));
    const path = join(home, ".picoclaw.pid");
    writeFileSync(path, JSON.stringify({ pid: process.ppid, port: 5 }));
    expect(() => claimPidFile(home, { version: "t", port: 1, host: "h" })).toThrow(GatewayRunningError);
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, port: 5 }));
    expect(claimPidFile(home, { version: "t", port: 1, host: "h" }).record.pid).toBe(process.pid);
    writeFileSync(path, JSON.stringify({ pid: 1 }));
    expect(claimPidFile(home, { version: "t", port: 1, host: "h" }).record.pid).toBe(process.pid);
  });
});

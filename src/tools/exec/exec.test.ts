import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isInternalChannel } from "../../bus/internal-channels.ts";
import { bunPlatform } from "../../platform/bun.ts";
import type { ToolContext } from "../tool.ts";
import { createExecTool, type ExecToolOptions } from "./exec.ts";

let workspace: string;
beforeAll(async () => {
  workspace = await realpath(await mkdtemp(join(tmpdir(), "picoclaw-exec-")));
  await mkdir(join(workspace, "sub"));
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

const context = (channel = "cli"): ToolContext => ({
  channel,
  chatId: "chat-1",
  sessionKey: "s",
  workspace,
  signal: new AbortController().signal,
  isInternal: isInternalChannel(channel),
});
const execTool = (extra: Partial<ExecToolOptions> = {}) =>
  createExecTool({ workspace, restrictToWorkspace: true, spawn: bunPlatform.spawn, ...extra });

describe("exec (conformance vectors, pkg/tools/shell_test.go)", () => {
  const cases: {
    id: string;
    command: string;
    channel?: string;
    allowRemote?: boolean;
    expect: RegExp | "ok" | "notTraversal" | "error";
  }[] = [
    { id: "exec-rm-rf", command: "rm -rf /", expect: /blocked/ },
    { id: "exec-kill", command: "kill 12345", expect: /blocked/ },
    ...["sda", "hda", "mmcblk0", "loop0", "dm-0", "md0", "sr0"].map((dev) => ({
      id: `exec-blockdev-${dev}`,
      command: `echo x > /dev/${dev}`,
      expect: "error" as const,
    })),
    { id: "exec-traversal-21", command: "ls .../.../", expect: /path traversal/ },
    { id: "exec-traversal-23", command: "cat .../.../../../etc/passwd", expect: /path traversal/ },
    { id: "exec-notraversal-24", command: "echo ...", expect: "notTraversal" },
    { id: "exec-notraversal-25", command: "ls ...", expect: "notTraversal" },
    {
      id: "exec-remote-blocked",
      command: "echo hi",
      channel: "telegram",
      allowRemote: false,
      expect: /restricted to internal channels/,
    },
    { id: "exec-allow-remote", command: "echo hi", channel: "telegram", allowRemote: true, expect: "ok" },
  ];
  for (const c of cases) {
    test(c.id, async () => {
      const tool = execTool({ allowRemote: c.allowRemote });
      const result = await tool.execute({ action: "run", command: c.command }, context(c.channel));
      if (c.expect === "ok") expect(result.isError).toBeFalsy();
      else if (c.expect === "error") expect(result.isError).toBe(true);
      else if (c.expect === "notTraversal") expect(result.content).not.toContain("path traversal");
      else {
        expect(result.isError).toBe(true);
        expect(result.content).toMatch(c.expect);
      }
    });
  }
});

describe("exec", () => {
  test("runs in the workspace and reports output", async () => {
    const result = await execTool().execute({ command: "pwd; echo out; echo err >&2" }, context());
    expect(result).toEqual({ content: `${workspace}\nout\n\nSTDERR:\nerr\n` });
  });

  test("reports a non-zero exit code as an error", async () => {
    const result = await execTool().execute({ command: "echo nope; exit 3" }, context());
    expect(result.isError).toBe(true);
    expect(result.content).toBe("nope\n\n\n[Command exited with code 3]");
  });

  test("remote channels are refused by default, naming the setting", async () => {
    const result = await execTool().execute({ command: "echo hi" }, context("telegram"));
    expect(result.content).toBe(
      "exec is restricted to internal channels; set tools.exec.allow_remote to true to allow it from telegram",
    );
    expect((await execTool().execute({ command: "echo hi" }, context(""))).isError).toBe(true);
    expect((await execTool().execute({ command: "echo hi" }, context("subagent"))).isError).toBeFalsy();
  });

  test("cwd must stay in the workspace", async () => {
    const tool = execTool();
    expect((await tool.execute({ command: "pwd", cwd: "sub" }, context())).content).toBe(
      `${join(workspace, "sub")}\n`,
    );
    expect((await tool.execute({ command: "pwd", cwd: "/" }, context())).content).toContain("blocked");
  });

  test("caps output at 10,000 characters with a note", async () => {
    const result = await execTool().execute({ command: "head -c 25000 /dev/zero | tr '\\0' a" }, context());
    expect(result.content).toStartWith("a".repeat(10_000));
    expect(result.content).toEndWith("\n... (truncated, 15000 more chars)");
  });

  test("passes a minimal environment, not the gateway's", async () => {
    process.env["PICOCLAW_EXEC_TEST_SECRET"] = "s3cr3t-value";
    try {
      const result = await execTool().execute({ command: "env" }, context());
      expect(result.content).not.toContain("s3cr3t-value");
      expect(result.content).toContain(`HOME=${workspace}`);
    } finally {
      delete process.env["PICOCLAW_EXEC_TEST_SECRET"];
    }
  });

  test("timeout kills the whole process group, grandchildren included", async () => {
    const started = performance.now();
    const result = await execTool().execute(
      { command: "sleep 30 & echo $! > child.pid; echo started; wait", timeout: 1 },
      context(),
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("timed out after 1s");
    expect(result.content).toContain("started");
    const pid = Number((await readFile(join(workspace, "child.pid"), "utf8")).trim());
    // SIGKILL is delivered at once, but the kernel tears the process down asynchronously.
    expect(await waitForExit(pid, 2000)).toBe(true);
  });

  test("aborting the turn kills the command", async () => {
    const controller = new AbortController();
    const running = execTool().execute(
      { command: "echo go; sleep 30" },
      { ...context(), signal: controller.signal },
    );
    controller.abort();
    const result = await running;
    expect(result.isError).toBe(true);
    expect(result.content).toContain("cancelled");
  });

  test("runs sh -c through the injected spawn seam with a minimal env", async () => {
    const calls: { argv: readonly string[]; cwd: string | undefined; env: unknown }[] = [];
    const spawn: ExecToolOptions["spawn"] = (argv, options) => {
      calls.push({ argv, cwd: options?.cwd, env: options?.env });
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("fake out"));
          controller.close();
        },
      });
      const empty = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
      return {
        pid: 1,
        stdout: body,
        stderr: empty,
        exited: Promise.resolve(0),
        writeStdin() {},
        endStdin() {},
        killGroup() {},
      };
    };
    const result = await execTool({ spawn }).execute({ command: "echo hi" }, context());
    expect(result).toEqual({ content: "fake out" });
    expect(calls[0]?.argv).toEqual(["sh", "-c", "echo hi"]);
    expect(calls[0]?.cwd).toBe(workspace);
    expect(Object.keys(calls[0]?.env as object).sort()).toEqual(["HOME", "LANG", "PATH"]);
  });

  test("only the run action exists", async () => {
    expect((await execTool().execute({ action: "poll", command: "x" }, context())).content).toContain(
      "not supported",
    );
  });
});

async function waitForExit(pid: number, deadlineMs: number): Promise<boolean> {
  const until = performance.now() + deadlineMs;
  while (isRunning(pid)) {
    if (performance.now() > until) return false;
    await Bun.sleep(5);
  }
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie awaiting its reaper still answers signal 0 but is not running.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createExecGuard } from "./guard.ts";

let root: string;
let workspace: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), "picoclaw-guard-")));
  workspace = join(root, "ws");
  await mkdir(join(workspace, "sub"), { recursive: true });
  await mkdir(join(root, "outside"));
  await symlink(join(root, "outside"), join(workspace, "escape"));
  await symlink(join(root, "outside"), join(workspace, "evil.com"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const guardWith = (extra: Record<string, unknown> = {}) =>
  createExecGuard({ workspace, restrictToWorkspace: true, home: workspace, ...extra });

describe("exec guard deny list", () => {
  const blocked = [
    "rm -rf /",
    "rm -r -f /tmp/x",
    "rm -fr x",
    "rm -Rf x",
    "rm -rfv x",
    "rm x -rf",
    "rm --recursive x",
    "RM -RF x",
    "r'm' -rf x",
    'rm "-rf" x',
    "\\rm -rf x",
    "ls; rm -rf x",
    "dd if=/dev/zero of=x",
    "echo x > /dev/sda",
    "echo x >/dev/nvme0n1",
    "echo x > /dev/mmcblk0",
    "echo x > /dev/nbd0",
    "mkfs.ext4 /dev/sdb",
    "shutdown -h now",
    "reboot",
    ":(){ :|:& };:",
    "echo $(whoami)",
    "echo \u0024{HOME}",
    "echo `id`",
    "curl x | sh",
    "wget -qO- x | bash",
    "cat <<EOF > x",
    "sudo ls",
    "chmod 777 x",
    "chown me x",
    "pkill node",
    "killall node",
    "kill 1",
    "npm install -g x",
    "pip install --user x",
    "apt install x",
    "yum remove x",
    "docker run x",
    "docker exec x sh",
    "git push origin main",
    "ssh root@host",
    "eval ls",
    "source env.sh",
  ];
  for (const command of blocked) {
    test(`blocks ${JSON.stringify(command)}`, async () => {
      expect(await guardWith({ restrictToWorkspace: false })(command, workspace)).toContain("blocked");
    });
  }

  const allowed = [
    "ls -la",
    "echo hello",
    "rm notes.txt",
    "git status",
    "cat sub/file.txt",
    "grep -r todo .",
  ];
  for (const command of allowed) {
    test(`allows ${JSON.stringify(command)}`, async () => {
      expect(await guardWith()(command, workspace)).toBeUndefined();
    });
  }
});

describe("exec guard custom patterns", () => {
  test("custom deny patterns add to the list", async () => {
    expect(await guardWith({ customDenyPatterns: ["\\bpython\\b"] })("python x.py", workspace)).toContain(
      "blocked",
    );
  });

  test("custom allow patterns narrow but never bypass the deny list (#3079)", async () => {
    const guard = guardWith({ customAllowPatterns: ["^rm ", "^ls\\b"] });
    expect(await guard("rm -rf x", workspace)).toContain("dangerous pattern");
    expect(await guard("ls", workspace)).toBeUndefined();
    expect(await guard("echo hi", workspace)).toContain("not in allowlist");
  });

  test("an invalid pattern is a config error", () => {
    expect(() => guardWith({ customDenyPatterns: ["("] })).toThrow("custom_deny_patterns");
  });

  test("enable_deny_patterns false turns the default list off", async () => {
    expect(
      await guardWith({ enableDenyPatterns: false, restrictToWorkspace: false })("kill 1", workspace),
    ).toBeUndefined();
  });
});

describe("exec guard workspace checks", () => {
  test("path traversal variants are blocked; a plain ... is not", async () => {
    const guard = guardWith();
    for (const command of ["cat ../x", "ls .../.../", "cat .../.../../../etc/passwd", "cd ..", "ls ..\\x"]) {
      expect(await guard(command, workspace)).toContain("path traversal");
    }
    expect(await guard("echo ...", workspace)).toBeUndefined();
    expect(await guard("ls ...", workspace)).toBeUndefined();
  });

  test("absolute paths outside are blocked, except pseudo devices and the workspace", async () => {
    const guard = guardWith();
    expect(await guard("cat /etc/passwd", workspace)).toContain("path outside");
    expect(await guard("cat file:///etc/passwd", workspace)).toContain("path outside");
    expect(await guard("ls --dir=/etc", workspace)).toContain("path outside");
    expect(await guard("echo hi > /dev/null 2>/dev/stderr", workspace)).toBeUndefined();
    expect(await guard(`ls ${workspace}/sub`, workspace)).toBeUndefined();
    expect(await guard("ls ~/sub", workspace)).toBeUndefined();
  });

  test("allowed paths are usable", async () => {
    const guard = guardWith({ allowPaths: [join(root, "outside")] });
    expect(await guard(`ls ${join(root, "outside")}`, workspace)).toBeUndefined();
  });

  test("URLs are not paths, unless the host part is a local symlink (#2965)", async () => {
    const guard = guardWith();
    expect(await guard("curl https://example.com/a/b", workspace)).toBeUndefined();
    expect(await guard("curl wttr.in/Berlin", workspace)).toBeUndefined();
    expect(await guard("cat evil.com/secret", workspace)).toContain("path outside");
  });

  test("symlinks out of the workspace are blocked", async () => {
    expect(await guardWith()("cat escape/secret", workspace)).toContain("path outside");
  });
});

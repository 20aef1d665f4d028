import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { createTempWorkspace, type TempWorkspace } from "./fs-test-helpers.ts";
import { isInside, resolveWorkspacePath } from "./workspace-path.ts";

let t: TempWorkspace;
beforeEach(async () => {
  t = await createTempWorkspace();
});
afterEach(() => t.dispose());

describe("resolveWorkspacePath", () => {
  test("resolves relative paths inside the workspace, existing or not", async () => {
    expect(await resolveWorkspacePath("a/b.txt", t.options, "write")).toBe(join(t.workspace, "a/b.txt"));
    expect(await resolveWorkspacePath(join(t.workspace, "x"), t.options, "read")).toBe(
      join(t.workspace, "x"),
    );
  });

  test("refuses ../ traversal and absolute paths outside", async () => {
    await expect(resolveWorkspacePath("../outside/secret.txt", t.options, "read")).rejects.toThrow("outside");
    await expect(resolveWorkspacePath("/etc/passwd", t.options, "read")).rejects.toThrow("outside");
    await expect(resolveWorkspacePath("a/../../outside", t.options, "write")).rejects.toThrow("outside");
  });

  test("refuses a symlink inside the workspace that points outside", async () => {
    await symlink(t.outside, join(t.workspace, "link"));
    await expect(resolveWorkspacePath("link/secret.txt", t.options, "read")).rejects.toThrow("outside");
    await expect(resolveWorkspacePath("link/new.txt", t.options, "write")).rejects.toThrow("outside");
  });

  test("refuses a dangling symlink (a write would land wherever it points)", async () => {
    await symlink(join(t.outside, "future.txt"), join(t.workspace, "dangling"));
    await expect(resolveWorkspacePath("dangling", t.options, "write")).rejects.toThrow("dangling");
  });

  test("follows symlinks that stay inside", async () => {
    await mkdir(join(t.workspace, "real"));
    await symlink(join(t.workspace, "real"), join(t.workspace, "alias"));
    expect(await resolveWorkspacePath("alias/f", t.options, "write")).toBe(join(t.workspace, "real/f"));
  });

  test("allow_read_paths open reads only; allow_write_paths open both", async () => {
    const readOnly = { ...t.options, allowReadPaths: [t.outside] };
    expect(await resolveWorkspacePath(join(t.outside, "secret.txt"), readOnly, "read")).toBe(
      join(t.outside, "secret.txt"),
    );
    await expect(resolveWorkspacePath(join(t.outside, "x"), readOnly, "write")).rejects.toThrow("outside");
    const writable = { ...t.options, allowWritePaths: [t.outside] };
    expect(await resolveWorkspacePath(join(t.outside, "x"), writable, "write")).toBe(join(t.outside, "x"));
    expect(await resolveWorkspacePath(join(t.outside, "x"), writable, "read")).toBe(join(t.outside, "x"));
  });

  test("a sibling directory sharing the prefix is not inside", async () => {
    await mkdir(`${t.workspace}-evil`);
    await expect(resolveWorkspacePath(`${t.workspace}-evil/f`, t.options, "write")).rejects.toThrow(
      "outside",
    );
    expect(isInside("/a/bc", "/a/b")).toBe(false);
    expect(isInside("/a/b/c", "/a/b")).toBe(true);
  });

  test("without restriction anything goes", async () => {
    const open = { ...t.options, restrictToWorkspace: false };
    expect(await resolveWorkspacePath("/etc/passwd", open, "read")).toBe("/etc/passwd");
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { createAppendFileTool } from "./append-file.ts";
import { createEditFileTool } from "./edit-file.ts";
import { createTempWorkspace, type TempWorkspace } from "./fs-test-helpers.ts";
import { createListDirTool } from "./list-dir.ts";
import { createWriteFileTool } from "./write-file.ts";

let t: TempWorkspace;
beforeEach(async () => {
  t = await createTempWorkspace();
});
afterEach(() => t.dispose());

describe("write_file", () => {
  test("creates parent directories and leaves no temp file", async () => {
    const tool = createWriteFileTool(t.options);
    const result = await tool.execute({ path: "d/e/f.txt", content: "hi" }, t.context);
    expect(result.isError).toBeUndefined();
    expect(await readFile(join(t.workspace, "d/e/f.txt"), "utf8")).toBe("hi");
    expect(await readdir(join(t.workspace, "d/e"))).toEqual(["f.txt"]);
  });

  test("needs overwrite=true to replace", async () => {
    const tool = createWriteFileTool(t.options);
    await tool.execute({ path: "f.txt", content: "1" }, t.context);
    expect((await tool.execute({ path: "f.txt", content: "2" }, t.context)).isError).toBe(true);
    await tool.execute({ path: "f.txt", content: "3", overwrite: true }, t.context);
    expect(await readFile(join(t.workspace, "f.txt"), "utf8")).toBe("3");
  });

  test("cannot write through a symlink to outside", async () => {
    await symlink(t.outside, join(t.workspace, "out"));
    const result = await createWriteFileTool(t.options).execute(
      { path: "out/x.txt", content: "pwn" },
      t.context,
    );
    expect(result.isError).toBe(true);
    expect(await readdir(t.outside)).toEqual(["secret.txt"]);
  });
});

describe("edit_file", () => {
  test("replaces exactly one occurrence, literally", async () => {
    await Bun.write(join(t.workspace, "e.txt"), "a = 1\nb = 2\n");
    const tool = createEditFileTool(t.options);
    const result = await tool.execute({ path: "e.txt", old_text: "b = 2", new_text: "b = $& 3" }, t.context);
    expect(result.isError).toBeUndefined();
    expect(await readFile(join(t.workspace, "e.txt"), "utf8")).toBe("a = 1\nb = $& 3\n");
  });

  test("refuses missing and ambiguous matches", async () => {
    await Bun.write(join(t.workspace, "e.txt"), "x x");
    const tool = createEditFileTool(t.options);
    expect(
      (await tool.execute({ path: "e.txt", old_text: "x", new_text: "y" }, t.context)).content,
    ).toContain("more than once");
    expect(
      (await tool.execute({ path: "e.txt", old_text: "z", new_text: "y" }, t.context)).content,
    ).toContain("not found");
    expect(await readFile(join(t.workspace, "e.txt"), "utf8")).toBe("x x");
  });
});

describe("append_file and list_dir", () => {
  test("append creates then appends; list shows dirs first", async () => {
    const append = createAppendFileTool(t.options);
    await append.execute({ path: "log/a.txt", content: "1\n" }, t.context);
    await append.execute({ path: "log/a.txt", content: "2\n" }, t.context);
    expect(await readFile(join(t.workspace, "log/a.txt"), "utf8")).toBe("1\n2\n");
    const list = await createListDirTool(t.options).execute({ path: "." }, t.context);
    expect(list.content).toBe("DIR:  log\nFILE: .keep");
    expect((await createListDirTool(t.options).execute({ path: ".." }, t.context)).isError).toBe(true);
  });
});

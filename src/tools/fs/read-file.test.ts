import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createTempWorkspace, type TempWorkspace } from "./fs-test-helpers.ts";
import { createReadFileTool } from "./read-file.ts";

let t: TempWorkspace;
beforeEach(async () => {
  t = await createTempWorkspace();
});
afterEach(() => t.dispose());

const read = (args: Record<string, unknown>) => createReadFileTool(t.options).execute(args, t.context);

describe("read_file bytes mode", () => {
  test("reads a slice with a header", async () => {
    await Bun.write(join(t.workspace, "a.txt"), "hello world");
    const result = await read({ path: "a.txt", offset: 6, length: 5 });
    expect(result.isError).toBeUndefined();
    expect(result.content).toContain("read: bytes 6-10");
    expect(result.content.endsWith("\n\nworld")).toBe(true);
  });

  test("caps a read at 64 KB and says how to continue", async () => {
    await Bun.write(join(t.workspace, "big.txt"), "x".repeat(100_000));
    const result = await read({ path: "big.txt", length: 1_000_000 });
    expect(result.content).toContain("offset=65536");
    expect(result.content.split("\n\n")[1]?.length).toBe(65_536);
  });

  test("refuses paths outside the workspace and missing files", async () => {
    expect((await read({ path: "../outside/secret.txt" })).isError).toBe(true);
    expect((await read({ path: "nope.txt" })).isError).toBe(true);
    expect((await read({})).content).toBe("path is required");
  });
});

describe("read_file lines mode", () => {
  test("numbers lines and reports partial reads", async () => {
    await Bun.write(join(t.workspace, "l.txt"), "one\ntwo\r\nthree\nfour\n");
    const result = await read({ path: "l.txt", start_line: 2, max_lines: 2 });
    expect(result.content).toContain("lines 2-3");
    expect(result.content).toContain("start_line=4");
    expect(result.content.endsWith("2|two\n3|three")).toBe(true);
    const rest = await read({ path: "l.txt", start_line: 4 });
    expect(rest.content).toContain("[END OF FILE]");
    expect(rest.content.endsWith("4|four")).toBe(true);
  });

  test("past the end says so", async () => {
    await Bun.write(join(t.workspace, "l.txt"), "one\n");
    expect((await read({ path: "l.txt", start_line: 5 })).content).toContain("no content at or after line 5");
  });

  test("refuses binary files", async () => {
    await Bun.write(join(t.workspace, "b.bin"), new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    const result = await read({ path: "b.bin", start_line: 1 });
    expect(result.isError).toBe(true);
    expect(result.content).toContain("binary");
    expect((await read({ path: "b.bin" })).isError).toBeUndefined();
  });

  test("stops at the 64 KB budget on a line boundary", async () => {
    const line = "y".repeat(999);
    await Bun.write(join(t.workspace, "many.txt"), `${line}\n`.repeat(200));
    const result = await read({ path: "many.txt", start_line: 1 });
    expect(result.content).toContain("lines 1-65");
    expect(result.content).toContain("start_line=66");
  });

  test("cuts a single line longer than the budget", async () => {
    await Bun.write(join(t.workspace, "long.txt"), `${"z".repeat(200_000)}\nnext\n`);
    const result = await read({ path: "long.txt", start_line: 1 });
    expect(result.content).toContain("longer than 64 KB");
    expect(result.content.length).toBeLessThan(66_000);
  });
});

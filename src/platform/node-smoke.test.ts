import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const node = Bun.which("node");
const outDir = mkdtempSync(join(tmpdir(), "picoclaw-node-smoke-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = Bun.spawn(argv, { stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, stdout, stderr };
}

describe("node platform under real Node", () => {
  test("a --target=node bundle serves HTTP, WebSocket and TCP and spawns processes", async () => {
    if (!node) throw new Error("node is missing (it comes with npm)");
    const outfile = join(outDir, "smoke.mjs");
    const entry = join(import.meta.dir, "node-smoke.ts");
    const build = await run([process.execPath, "build", entry, "--target=node", "--outfile", outfile]);
    expect(build.stderr).not.toContain("error");
    expect(build.code).toBe(0);

    const result = await run([node, outfile]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      platform: "node",
      http: "ok:POST:b",
      ws: { protocol: "token.t", echo: "echo:hi", closeCode: 1009 },
      tcp: "ping",
      spawn: { stdout: "spawned\n", code: 4 },
    });
  });
});

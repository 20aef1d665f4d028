/** Compiles the gateway with the shipped flags (scripts/bun-compile-flags) into a cache path, once per test process. */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileFlags } from "../../scripts/compile-flags.ts";

const ROOT = resolve(import.meta.dir, "..", "..");
let compiled: Promise<string> | undefined;

/** Path of a freshly compiled x64 binary of the current source (bytecode build, as shipped). */
export function compiledGateway(): Promise<string> {
  compiled ??= (async () => {
    const dir = join(ROOT, ".cache", "test-bin");
    mkdirSync(dir, { recursive: true });
    const out = join(dir, "picoclaw");
    const build = Bun.spawn(
      [
        join(ROOT, "node_modules", ".bin", "bun"),
        "build",
        join(ROOT, "src", "main.ts"),
        ...compileFlags(),
        "--outfile",
        out,
      ],
      { cwd: ROOT, stdout: "pipe", stderr: "pipe" },
    );
    const [stderr, code] = await Promise.all([new Response(build.stderr).text(), build.exited]);
    if (code !== 0) throw new Error(`bun build --compile failed:\n${stderr}`);
    return out;
  })();
  return compiled;
}

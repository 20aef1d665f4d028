/**
 * Builds (or reuses) the binaries the benchmark compares, all with the shipped flags (scripts/bun-compile-flags):
 * dist/picoclaw (--bytecode), the floor, and a plain (no bytecode) gateway for the start-time comparison.
 * A binary is reused when it is newer than every source file it is built from.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileFlags } from "../scripts/compile-flags.ts";

const ROOT = resolve(import.meta.dir, "..");
const BUN = join(ROOT, "node_modules", ".bin", "bun");

/** Paths of the built binaries. */
export interface BenchBinaries {
  picoclaw: string;
  picoclawPlain: string;
  floor: string;
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function build(entry: string, outfile: string, bytecode: boolean, sources: string[]): string {
  const newestSource = Math.max(...sources.map((s) => newestMtime(join(ROOT, s))));
  if (existsSync(outfile) && statSync(outfile).mtimeMs > newestSource) return outfile;
  const args = [BUN, "build", entry, ...compileFlags(bytecode ? [] : ["--bytecode"]), "--outfile", outfile];
  console.error(`building ${outfile.slice(ROOT.length + 1)}`);
  const result = Bun.spawnSync(args, { cwd: ROOT, stdout: "ignore", stderr: "inherit" });
  if (result.exitCode !== 0) throw new Error(`bun build failed for ${entry}`);
  return outfile;
}

/** Builds what is stale and returns the paths. */
export function buildBenchBinaries(): BenchBinaries {
  const cache = join(ROOT, ".cache", "bench");
  mkdirSync(cache, { recursive: true });
  mkdirSync(join(ROOT, "dist"), { recursive: true });
  const gatewaySources = ["src", "package.json"];
  return {
    picoclaw: build("src/main.ts", join(ROOT, "dist", "picoclaw"), true, gatewaySources),
    picoclawPlain: build("src/main.ts", join(cache, "picoclaw-plain"), false, gatewaySources),
    floor: build("bench/floor.ts", join(cache, "floor"), true, ["bench/floor.ts"]),
  };
}

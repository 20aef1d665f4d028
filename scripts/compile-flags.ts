/** The gateway's `bun build --compile` flags, read from scripts/bun-compile-flags (the one list). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The flags, in file order; `without` leaves some out (the bench's no-bytecode build). */
export function compileFlags(without: readonly string[] = []): string[] {
  return readFileSync(join(import.meta.dir, "bun-compile-flags"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#") && !without.includes(line));
}

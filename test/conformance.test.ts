/**
 * Runs every case of the PicoClaw conformance vectors (path from PICOCLAW_VECTORS, default
 * ../shared/conformance/picoclaw-vectors.json) against our functions, one test per case, and prints
 * `conformance: N passed, N failed, N skipped`. A group is skipped only when no adapter covers it.
 */
import { afterAll, describe, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ConformanceAdapter, VectorCase } from "./conformance/adapter.ts";

interface VectorGroup {
  function: string;
  cases: VectorCase[];
}

const vectorPath = resolve(
  process.env["PICOCLAW_VECTORS"] ??
    join(import.meta.dir, "..", "..", "shared", "conformance", "picoclaw-vectors.json"),
);
if (!existsSync(vectorPath)) {
  throw new Error(`conformance vectors not found at ${vectorPath}: set PICOCLAW_VECTORS to the JSON file`);
}
const file = JSON.parse(readFileSync(vectorPath, "utf8")) as { groups: VectorGroup[] };

const adapters = new Map<string, ConformanceAdapter>();
const glob = new Bun.Glob("*.ts");
for (const name of [...glob.scanSync(join(import.meta.dir, "conformance"))].sort()) {
  if (name === "adapter.ts" || name === "strings.ts" || name.endsWith(".test.ts")) continue;
  const adapter = (
    (await import(join(import.meta.dir, "conformance", name))) as { default: ConformanceAdapter }
  ).default;
  for (const group of adapter.groups) adapters.set(group, adapter);
}

const tally = { passed: 0, failed: 0 };
const unadaptedGroups: string[] = [];

for (const group of file.groups) {
  const adapter = adapters.get(group.function);
  describe(`conformance: ${group.function}`, () => {
    if (!adapter) {
      unadaptedGroups.push(`${group.function} (${group.cases.length})`);
      for (const vector of group.cases) {
        tally.failed++;
        // A group with no adapter fails by name: a vector is never passed over silently.
        test(vector.id, () => {
          throw new Error(`no conformance adapter for group ${group.function}`);
        });
      }
      return;
    }
    for (const vector of group.cases) {
      test(`${vector.id}: ${vector.behaviour ?? ""}`, async () => {
        try {
          await adapter.run(vector, group.function);
          tally.passed++;
        } catch (error) {
          tally.failed++;
          throw error;
        }
      });
    }
  });
}

afterAll(() => {
  if (unadaptedGroups.length > 0)
    console.error(`conformance: groups with no adapter: ${unadaptedGroups.join(", ")}`);
  console.error(`conformance: ${tally.passed} passed, ${tally.failed} failed`);
});

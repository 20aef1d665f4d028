/**
 * Runs every case of the PicoClaw conformance vectors (path from PICOCLAW_VECTORS, default
 * ../shared/conformance/picoclaw-vectors.json) against our functions, one test per case, and prints
 * `conformance: N passed, N failed`. A group no adapter covers fails by name, and so does a case with an
 * input or expect field its adapter did not read (test/conformance/fields.ts).
 */
import { afterAll, describe, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ConformanceAdapter, VectorCase } from "./conformance/adapter.ts";
import { trackCase, unmappedError } from "./conformance/fields.ts";

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

const HELPERS = new Set(["adapter.ts", "fields.ts", "media-ops.ts", "strings.ts"]);
const adapters = new Map<string, ConformanceAdapter>();
const glob = new Bun.Glob("*.ts");
for (const name of [...glob.scanSync(join(import.meta.dir, "conformance"))].sort()) {
  if (HELPERS.has(name) || name.endsWith(".test.ts")) continue;
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
        const tracked = trackCase(vector);
        try {
          await adapter.run(tracked.fields, group.function);
        } catch (error) {
          tally.failed++;
          const unread = tracked.unread();
          if (unread.length > 0 && error instanceof Error) {
            error.message += `\n(vector fields the adapter did not read: ${unread.join(", ")})`;
          }
          throw error;
        }
        const unread = tracked.unread();
        if (unread.length > 0) {
          tally.failed++;
          throw unmappedError(group.function, unread);
        }
        tally.passed++;
      });
    }
  });
}

afterAll(() => {
  if (unadaptedGroups.length > 0)
    console.error(`conformance: groups with no adapter: ${unadaptedGroups.join(", ")}`);
  console.error(`conformance: ${tally.passed} passed, ${tally.failed} failed`);
});

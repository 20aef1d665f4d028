/**
 * What a conformance adapter looks like. Each file in test/conformance/ (other than this one and
 * strings.ts) default-exports a ConformanceAdapter for one or more vector groups, named by the
 * group's `function` field. The runner discovers adapters by globbing, so adding one edits nothing else.
 */

/** One vector from picoclaw-vectors.json. */
export interface VectorCase {
  id: string;
  behaviour?: string;
  test_file?: string;
  test_name?: string;
  input: Record<string, unknown>;
  expect: Record<string, unknown>;
}

/** Runs one case with bun:test `expect` assertions; throws on mismatch. */
export interface ConformanceAdapter {
  /** The `function` names of the groups this adapter covers. */
  groups: readonly string[];
  run(vector: VectorCase, group: string): void | Promise<void>;
}

/**
 * What a conformance adapter looks like. Each file in test/conformance/ (other than this one,
 * fields.ts and strings.ts) default-exports a ConformanceAdapter for one or more vector groups, named by
 * the group's `function` field. The runner discovers adapters by globbing, so adding one edits nothing else.
 *
 * An adapter sees only a case's `input` and `expect`, never its id or test name: what it calls and what it
 * asserts come from those fields, so a new case of a covered group runs without code changes. The runner
 * records which fields an adapter read and fails a case whose adapter left one unread (see fields.ts).
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

/** What an adapter is given of a case. */
export type VectorFields = Pick<VectorCase, "input" | "expect">;

/** Runs one case with bun:test `expect` assertions; throws on mismatch. */
export interface ConformanceAdapter {
  /** The `function` names of the groups this adapter covers. */
  groups: readonly string[];
  run(vector: VectorFields, group: string): void | Promise<void>;
}

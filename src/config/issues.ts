/**
 * Config problems as data: `{ path, message }` with a dotted path (`model_list[2].model`).
 * Every loader step returns all of its issues, so `config check` prints every mistake at once.
 */
import type * as v from "valibot";

/** One problem in a config file, its secrets overlay, or the environment. */
export interface ConfigIssue {
  /** Dotted path such as `channel_list.telegram.settings.token`, or an env var / file name. */
  path: string;
  /** What is wrong and what was expected. */
  message: string;
}

/** Joins path segments: names with ".", list indices as "[i]". */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

/** Converts valibot issues to ConfigIssues, adding what was actually found. */
export function issuesFromValibot(issues: readonly v.BaseIssue<unknown>[]): ConfigIssue[] {
  return issues.map((issue) => {
    const segments = (issue.path ?? []).map((item) =>
      typeof item.key === "number" ? item.key : String(item.key),
    );
    // An object schema reports a missing key with its own message ("expected an object").
    if (issue.kind === "schema" && issue.expected?.startsWith('"') && issue.input === undefined) {
      return { path: formatPath(segments), message: "required but missing" };
    }
    const found = describeValue(issue.input);
    const message = found === undefined ? issue.message : `${issue.message} (found ${found})`;
    return { path: formatPath(segments) || "(top level)", message };
  });
}

/** Sorts by path and drops exact duplicates (the semantic checks may repeat a schema issue). */
export function dedupeIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

/** One line per issue: `  - path: message`, preceded by a count. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? "problem" : "problems";
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  return [`${issues.length} config ${noun}:`, ...lines].join("\n");
}

function describeValue(value: unknown): string | undefined {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string")
    return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return undefined;
}

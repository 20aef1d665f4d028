/**
 * The step language of the MediaStore vectors' `op` field, parsed into steps. Go's tests are described
 * in a compact prose form, which this reads as a small grammar:
 *   op      := step (("; " | " then " | " + ") step)*
 *   step    := [verb] [call | named] [policy] [" at " time] [" x" count]
 *   verb    := Store | ReleaseAll | CleanExpired | ResolveWithMeta   (omitted: the previous step's verb)
 *   call    := "(" arg ("," arg)* ")"    Store(file, scope, policy) / ReleaseAll(scope) / ResolveWithMeta(ref)
 *   named   := name "(" time ")"         Store old(now-20m): file, scope and ref named `old`, stored at that time
 *   policy  := delete_on_cleanup | forget_only
 *   time    := now | now-<n><s|m|h> | now+<n><s|m|h>
 * Anything else is an error naming the step, so a case in a form the adapter does not know fails loudly.
 */

export type Verb = "Store" | "ReleaseAll" | "CleanExpired" | "ResolveWithMeta";
export type Policy = "delete_on_cleanup" | "forget_only";

export interface Step {
  verb: Verb;
  text: string;
  args: string[];
  /** For `name(time)` steps. */
  name?: string | undefined;
  policy?: Policy | undefined;
  /** Offset from "now" in ms at which the step runs. */
  atMs: number;
  times: number;
}

const VERBS: readonly Verb[] = ["Store", "ReleaseAll", "CleanExpired", "ResolveWithMeta"];
const POLICIES: readonly Policy[] = ["delete_on_cleanup", "forget_only"];
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A Go duration ("10m", "1h30m", "45s", "0") in ms. */
export function parseGoDuration(text: string): number {
  if (text.trim() === "0") return 0;
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.trim()) {
    throw new Error(`conformance: "${text}" is not a Go duration`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] ?? 0), 0);
}

function parseTime(text: string, step: string): number {
  const match = /^now(?:([+-])(.+))?$/.exec(text.trim());
  if (!match)
    throw new Error(`conformance: time "${text}" in op step "${step}" is not now or now±<duration>`);
  if (!match[2]) return 0;
  return (match[1] === "-" ? -1 : 1) * parseGoDuration(match[2]);
}

function parseStep(raw: string, previous: Verb | undefined): Step {
  let rest = raw.trim();
  const fail = (why: string) => new Error(`conformance: op step "${raw.trim()}": ${why}`);
  const verb =
    VERBS.find((v) => rest === v || rest.startsWith(`${v}(`) || rest.startsWith(`${v} `)) ?? previous;
  if (!verb) throw fail(`starts with none of ${VERBS.join(", ")}`);
  if (rest.startsWith(verb)) rest = rest.slice(verb.length).trim();
  const step: Step = { verb, text: raw.trim(), args: [], atMs: 0, times: 1 };

  const call = /^\(([^)]*)\)/.exec(rest);
  const named = /^([A-Za-z]\w*)\(([^)]*)\)/.exec(rest);
  if (call) {
    step.args = (call[1] ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter((a) => a !== "");
    rest = rest.slice(call[0].length).trim();
  } else if (named?.[1] && !POLICIES.includes(named[1] as Policy)) {
    step.name = named[1];
    step.atMs = parseTime(named[2] ?? "", raw);
    rest = rest.slice(named[0].length).trim();
  }
  for (;;) {
    const policy = POLICIES.find((p) => rest === p || rest.startsWith(`${p} `));
    const at = /^at (\S+)/.exec(rest);
    const times = /^x(\d+)\b/.exec(rest);
    if (policy) {
      step.policy = policy;
      rest = rest.slice(policy.length).trim();
    } else if (at?.[1]) {
      step.atMs = parseTime(at[1], raw);
      rest = rest.slice(at[0].length).trim();
    } else if (times?.[1]) {
      step.times = Number(times[1]);
      rest = rest.slice(times[0].length).trim();
    } else break;
  }
  if (rest !== "") throw fail(`cannot read "${rest}"`);
  const policyArg = step.args[2];
  if (verb === "Store" && policyArg !== undefined) {
    if (!POLICIES.includes(policyArg as Policy)) throw fail(`unknown cleanup policy ${policyArg}`);
    step.policy = policyArg as Policy;
  }
  const maxArgs = { Store: 3, ReleaseAll: 1, CleanExpired: 0, ResolveWithMeta: 1 }[verb];
  if (step.args.length > maxArgs) throw fail(`${verb} takes at most ${maxArgs} argument(s)`);
  return step;
}

/** Parses a MediaStore case's `op`. */
export function parseMediaOps(op: string): Step[] {
  const steps: Step[] = [];
  for (const raw of op.split(/;|\bthen\b|\s\+\s/)) {
    if (raw.trim() === "") continue;
    steps.push(parseStep(raw, steps.at(-1)?.verb));
  }
  if (steps.length === 0) throw new Error("conformance: input.op has no steps");
  return steps;
}

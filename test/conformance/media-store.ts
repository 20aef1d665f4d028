/**
 * Conformance adapter for the media store (src/media/store.ts), PicoClaw's FileMediaStore tests. A case's
 * `op` is a list of steps (grammar in media-ops.ts) run against a real store over real files; `meta` and
 * `max_age` are its inputs. Expectations name what they check:
 *   <ref>_resolvable        the ref resolves: `ref` is the last one stored, `refA` the one in scopeA, `old` the one named old
 *   <file>_exists           the file is on disk: `file` is the last one stored, `fileA` (or `A`) the one named A
 *   <ref>_resolves_to: "B"  the ref resolves to file B's path
 *   removed                 what the last CleanExpired returned
 *   meta_roundtrip          ResolveWithMeta gave back the stored path and meta (cleanup policy defaulted)
 *   error: null             no step raised
 *   Fn('arg'): "error"      calling ResolveWithMeta / Resolve with that literal raises
 *   after_<label>: {...}    these expectations, checked right after the last step naming scope or ref `label`
 *   <key>_after_both|all    the expectation, checked after the last step
 */
import { expect } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMediaStore, type MediaMeta, type MediaStore } from "../../src/media/store.ts";
import type { ConformanceAdapter } from "./adapter.ts";
import { onlyKnownKeys } from "./fields.ts";
import { parseGoDuration, parseMediaOps, type Step } from "./media-ops.ts";

type Json = Record<string, unknown>;

/** Go MediaMeta field → ours. */
const META_FIELDS: Record<string, keyof MediaMeta> = {
  Filename: "filename",
  ContentType: "contentType",
  Source: "source",
  CleanupPolicy: "cleanupPolicy",
};

function toMeta(raw: unknown): MediaMeta {
  const go = (raw ?? {}) as Json;
  onlyKnownKeys("input.meta", go, Object.keys(META_FIELDS));
  const meta: Record<string, unknown> = {};
  for (const [goKey, value] of Object.entries(go)) meta[META_FIELDS[goKey] as string] = value;
  return meta as MediaMeta;
}

interface StoredRef {
  name: string;
  file: string;
  ref: string;
}

class Run {
  readonly dir = mkdtempSync(join(tmpdir(), "picoclaw-media-conformance-"));
  readonly base = Date.UTC(2026, 0, 1);
  readonly clock = { now: this.base };
  readonly store: MediaStore = createMediaStore({ dir: this.dir, now: () => this.clock.now });
  readonly files = new Map<string, string>();
  readonly refs: StoredRef[] = [];
  lastFile: string | undefined;
  removed: number | undefined;
  resolved: { path: string; meta: MediaMeta } | undefined;
  errors: unknown[] = [];

  readonly meta: MediaMeta;
  readonly maxAgeMs: number | undefined;

  constructor(meta: MediaMeta, maxAgeMs: number | undefined) {
    this.meta = meta;
    this.maxAgeMs = maxAgeMs;
  }

  file(name: string): string {
    let path = this.files.get(name);
    if (!path) {
      path = join(this.dir, name);
      writeFileSync(path, "data");
      this.files.set(name, path);
    }
    return path;
  }

  ref(subject: string): StoredRef {
    const found =
      subject === "ref"
        ? this.refs.at(-1)
        : this.refs.findLast((r) => r.name === subject || `ref${r.name}` === subject);
    if (!found) throw new Error(`conformance: no stored ref is called ${subject}`);
    return found;
  }

  filePath(subject: string): string {
    const name = subject === "file" ? this.lastFile : subject.replace(/^file(?=[A-Z])/, "");
    const path = name === undefined ? undefined : this.files.get(name);
    if (!path) throw new Error(`conformance: no stored file is called ${subject}`);
    return path;
  }

  resolvable(ref: string): boolean {
    try {
      this.store.resolve(ref);
      return true;
    } catch {
      return false;
    }
  }

  step(step: Step): void {
    this.clock.now = this.base + step.atMs;
    if (step.verb === "Store") {
      const fileName = step.args[0] ?? step.name ?? "file";
      const scope = step.args[1] ?? step.name ?? "default";
      const meta = step.policy ? { ...this.meta, cleanupPolicy: step.policy } : this.meta;
      const ref = this.store.store(this.file(fileName), meta, scope);
      this.lastFile = fileName;
      this.refs.push({ name: step.name ?? scope.replace(/^scope(?=[A-Z])/, ""), file: fileName, ref });
    } else if (step.verb === "ReleaseAll") {
      this.store.releaseAll(step.args[0] ?? "default");
    } else if (step.verb === "CleanExpired") {
      if (this.maxAgeMs === undefined) throw new Error("conformance: CleanExpired needs input.max_age");
      this.removed = this.store.cleanExpired(this.maxAgeMs);
    } else {
      const arg = step.args[0];
      this.resolved = this.store.resolveWithMeta(
        arg?.startsWith("media://") ? arg : this.ref(arg ?? "ref").ref,
      );
    }
    this.clock.now = this.base;
  }

  /** Checks one expectation against the store as it is now. */
  check(key: string, value: unknown): void {
    const subject = /^(\w+?)_(resolvable|exists|resolves_to)$/.exec(key);
    const call = /^(ResolveWithMeta|Resolve)\('([^']*)'\)$/.exec(key);
    if (subject?.[1] && subject[2] === "resolvable")
      expect(this.resolvable(this.ref(subject[1]).ref)).toBe(value as boolean);
    else if (subject?.[1] && subject[2] === "exists")
      expect(existsSync(this.filePath(subject[1]))).toBe(value as boolean);
    else if (subject?.[1])
      expect(this.store.resolve(this.ref(subject[1]).ref)).toBe(this.filePath(`file${String(value)}`));
    else if (key === "removed") expect(this.removed).toBe(value as number);
    else if (key === "meta_roundtrip") {
      const last = this.refs.at(-1);
      const roundtrip =
        this.resolved !== undefined &&
        last !== undefined &&
        this.resolved.path === this.files.get(last.file) &&
        Bun.deepEquals(this.resolved.meta, { cleanupPolicy: "delete_on_cleanup", ...this.meta });
      expect(roundtrip).toBe(value as boolean);
    } else if (key === "error") {
      if (value !== null)
        throw new Error("conformance: expect.error is mapped only as null (no step raised)");
      expect(this.errors).toEqual([]);
    } else if (call?.[1]) {
      const fn =
        call[1] === "Resolve"
          ? () => this.store.resolve(call[2] ?? "")
          : () => this.store.resolveWithMeta(call[2] ?? "");
      if (value === "error") expect(fn).toThrow();
      else expect(fn() as unknown).toEqual(value);
    } else throw new Error(`conformance: expect.${key} is not an expectation the adapter maps`);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Splits expectations into those checked after a labelled step and those checked at the end. */
function schedule(want: Json): { at: Map<string, Json>; end: Json } {
  const at = new Map<string, Json>();
  const end: Json = {};
  for (const [key, value] of Object.entries(want)) {
    const after = /^after_(\w+)$/.exec(key);
    const suffix = /^(\w+?)_after_(\w+)$/.exec(key);
    if (after?.[1]) at.set(after[1], value as Json);
    else if (suffix?.[1] && suffix[2] && ["both", "all", "end"].includes(suffix[2])) end[suffix[1]] = value;
    else if (suffix?.[1] && suffix[2]) at.set(suffix[2], { ...at.get(suffix[2]), [suffix[1]]: value });
    else end[key] = value;
  }
  return { at, end };
}

const adapter: ConformanceAdapter = {
  groups: ["MediaStore (FileMediaStore)"],
  run({ input, expect: want }) {
    const maxAge = input["max_age"];
    const run = new Run(
      toMeta(input["meta"]),
      maxAge === undefined ? undefined : parseGoDuration(String(maxAge)),
    );
    const { at, end } = schedule(want);
    const steps = parseMediaOps(String(input["op"]));
    const labelOf = (step: Step) =>
      step.args[1] ?? step.name ?? (step.verb === "ReleaseAll" ? step.args[0] : undefined);
    const lastMention = new Map(steps.map((step, index) => [labelOf(step), index]));
    try {
      for (const [index, step] of steps.entries()) {
        for (let i = 0; i < step.times; i++) {
          try {
            run.step(step);
          } catch (error) {
            if (!("error" in end) || (error instanceof Error && error.message.startsWith("conformance:")))
              throw error;
            run.errors.push(error);
          }
        }
        const label = labelOf(step);
        const checks = label === undefined || lastMention.get(label) !== index ? undefined : at.get(label);
        if (checks) {
          for (const [key, value] of Object.entries(checks)) run.check(key, value);
          at.delete(label ?? "");
        }
      }
      if (at.size > 0)
        throw new Error(`conformance: no step of input.op is labelled ${[...at.keys()].join(", ")}`);
      for (const [key, value] of Object.entries(end)) run.check(key, value);
    } finally {
      run.dispose();
    }
  },
};

export default adapter;

/**
 * Conformance adapter for "LLM provider selection, fallback & error classification": model refs,
 * provider aliases, dedup keys, cooldown formulas and tracker, and the error classifier.
 */
import { expect } from "bun:test";
import { classifyError, extractHttpStatus, isRetriable } from "../../src/providers/classify.ts";
import {
  billingCooldownMs,
  createCooldownTracker,
  standardCooldownMs,
} from "../../src/providers/cooldown.ts";
import { modelKey, normalizeProvider, parseModelRef } from "../../src/providers/model-ref.ts";
import type { FailureReason } from "../../src/providers/provider.ts";
import type { ConformanceAdapter, VectorFields } from "./adapter.ts";

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** "61s+4m" → ms; "0" → 0. */
function parseDuration(text: string): number {
  return text
    .split("+")
    .map((part) => {
      const match = /^(\d+)([smh])?$/.exec(part.trim());
      if (!match?.[1]) throw new Error(`bad duration ${part}`);
      return Number(match[1]) * (match[2] ? (UNIT_MS[match[2]] ?? 0) : 1);
    })
    .reduce((a, b) => a + b, 0);
}

function str(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== "string") throw new Error(`vector input ${key} is not a string`);
  return value;
}

/** Go sentinels in the vectors map to the errors our runtime produces for the same situation. */
function toError(value: unknown): unknown {
  if (value === "context.Canceled") return new DOMException("The operation was aborted.", "AbortError");
  if (value === "context.DeadlineExceeded")
    return new DOMException("The operation timed out.", "TimeoutError");
  return value === null ? null : new Error(String(value));
}

function runCooldownOps(ops: readonly string[]): unknown[] {
  let now = 1_000_000;
  const tracker = createCooldownTracker(() => now);
  let provider = "openai";
  let reason: FailureReason = "rate_limit";
  return ops.map((op) => {
    const match = /^(\w+)(?:\(([^)]*)\))?\s*@(.+)$/.exec(op.trim());
    if (!match?.[1] || !match[3]) throw new Error(`bad op ${op}`);
    now = 1_000_000 + parseDuration(match[3]);
    if (match[2]) {
      const [p, r] = match[2].split(",").map((s) => s.trim());
      provider = p ?? provider;
      reason = (r as FailureReason | undefined) ?? reason;
    }
    if (match[1] === "MarkFailure") return tracker.markFailure(provider, reason) ?? null;
    if (match[1] === "MarkSuccess") return tracker.markSuccess(provider) ?? null;
    if (match[1] === "IsAvailable") return tracker.isAvailable(provider);
    throw new Error(`unknown op ${match[1]}`);
  });
}

function run(vector: VectorFields): void {
  const { input, expect: want } = vector;
  switch (input["fn"]) {
    case "ParseModelRef": {
      const ref = parseModelRef(str(input, "raw"), str(input, "defaultProvider"));
      if ("result" in want) return void expect(ref).toEqual(want["result"] as null);
      if ("Provider" in want) expect(ref?.provider).toBe(String(want["Provider"]));
      if ("Model" in want) expect(ref?.model).toBe(String(want["Model"]));
      return;
    }
    case "NormalizeProvider":
      return void expect(normalizeProvider(str(input, "provider"))).toBe(String(want["result"]));
    case "ModelKey":
      return void expect(modelKey(str(input, "provider"), str(input, "model"))).toBe(String(want["result"]));
    case "calculateStandardCooldown":
      return void expect(standardCooldownMs(Number(input["errorCount"]))).toBe(
        parseDuration(String(want["duration"])),
      );
    case "calculateBillingCooldown":
      return void expect(billingCooldownMs(Number(input["billingErrorCount"]))).toBe(
        parseDuration(String(want["duration"])),
      );
    case "CooldownTracker":
      return void expect(runCooldownOps(input["ops"] as string[])).toEqual(want["results"] as unknown[]);
    case "ClassifyError": {
      const reason = classifyError(toError(input["err"]));
      if ("result" in want) return void expect(reason).toEqual(want["result"] as null);
      expect(reason).toBe(want["reason"] as FailureReason);
      if ("retriable" in want && reason) expect(isRetriable(reason)).toBe(Boolean(want["retriable"]));
      return;
    }
    case "FailoverError.IsRetriable":
      return void expect(isRetriable(str(input, "reason") as FailureReason)).toBe(Boolean(want["result"]));
    case "extractHTTPStatus":
      return void expect(extractHttpStatus(str(input, "msg"))).toBe(Number(want["result"]));
    default:
      throw new Error(`no runner for ${String(input["fn"])}`);
  }
}

const adapter: ConformanceAdapter = {
  groups: ["LLM provider selection, fallback & error classification"],
  run,
};

export default adapter;

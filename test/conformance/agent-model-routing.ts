/** Conformance adapter: complexity-based model routing (src/agent/routing/complexity.ts). */
import { expect } from "bun:test";
import {
  type ComplexityFeatures,
  extractFeatures,
  routingThreshold,
  scoreComplexity,
  selectModel,
} from "../../src/agent/routing/complexity.ts";
import type { ChatMessage } from "../../src/providers/provider.ts";
import type { ConformanceAdapter } from "./adapter.ts";
import { resolveString } from "./strings.ts";

type Json = Record<string, unknown>;

function toHistory(raw: unknown): Pick<ChatMessage, "tool_calls">[] {
  const entry = (e: Json | undefined): Pick<ChatMessage, "tool_calls"> => ({
    tool_calls: ((e?.["tool_calls"] as string[] | undefined) ?? []).map((name, i) => ({
      id: `call_${i}`,
      type: "function" as const,
      function: { name, arguments: "{}" },
    })),
  });
  if (Array.isArray(raw)) return raw.map((e) => entry(e as Json));
  if (raw && typeof raw === "object") {
    const spec = raw as Json;
    const entries = (spec["entries"] ?? {}) as Record<string, Json>;
    return Array.from({ length: spec["length"] as number }, (_, i) => entry(entries[String(i)]));
  }
  return [];
}

function toFeatures(raw: Json): Partial<ComplexityFeatures> {
  const features: Partial<ComplexityFeatures> = {};
  if (typeof raw["TokenEstimate"] === "number") features.tokenEstimate = raw["TokenEstimate"];
  if (typeof raw["CodeBlockCount"] === "number") features.codeBlockCount = raw["CodeBlockCount"];
  if (typeof raw["RecentToolCalls"] === "number") features.recentToolCalls = raw["RecentToolCalls"];
  if (typeof raw["ConversationDepth"] === "number") features.conversationDepth = raw["ConversationDepth"];
  if (raw["HasAttachments"] === true) features.hasAttachments = true;
  return features;
}

const FEATURE_KEYS: Record<string, keyof ComplexityFeatures> = {
  TokenEstimate: "tokenEstimate",
  CodeBlockCount: "codeBlockCount",
  RecentToolCalls: "recentToolCalls",
  ConversationDepth: "conversationDepth",
  HasAttachments: "hasAttachments",
};

const adapter: ConformanceAdapter = {
  groups: ["Model routing by complexity"],
  run(vector) {
    const input = vector.input;
    const want = vector.expect;
    const config = (input["config"] ?? {}) as Json;
    const routing = {
      lightModel: typeof config["LightModel"] === "string" ? config["LightModel"] : "",
      threshold: typeof config["Threshold"] === "number" ? config["Threshold"] : undefined,
    };
    switch (input["fn"]) {
      case "ExtractFeatures": {
        const features = extractFeatures(resolveString(input["msg"]), toHistory(input["history"]));
        for (const [goKey, value] of Object.entries(want)) {
          const key = FEATURE_KEYS[goKey];
          if (!key) throw new Error(`unknown feature ${goKey}`);
          expect(features[key]).toBe(value as number | boolean);
        }
        return;
      }
      case "RuleClassifier.Score": {
        const score = scoreComplexity(toFeatures(input["features"] as Json));
        if ("score" in want) expect(score).toBeCloseTo(want["score"] as number, 10);
        if ("score_gte" in want) expect(score).toBeGreaterThanOrEqual(want["score_gte"] as number);
        if ("score_lt" in want) expect(score).toBeLessThan(want["score_lt"] as number);
        return;
      }
      case "New":
        expect(routingThreshold(routing)).toBe(want["Threshold"] as number);
        return;
      case "SelectModel": {
        const primary = typeof input["primary"] === "string" ? input["primary"] : "";
        const result = selectModel(
          routing,
          resolveString(input["msg"]),
          toHistory(input["history"]),
          primary,
        );
        if ("model" in want) expect(result.model).toBe(want["model"] as string);
        expect(result.usedLight).toBe(want["usedLight"] as boolean);
        return;
      }
      default:
        throw new Error(`unhandled fn ${String(input["fn"])}`);
    }
  },
};

export default adapter;

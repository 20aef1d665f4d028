/** The `agents.defaults` fields the agent loop uses, with PicoClaw's fallbacks applied in one place. */
import type { SteeringMode } from "./turn/steering-queue.ts";

/** agents.defaults, camelCase, every field optional as in config. */
export interface AgentDefaultsInput {
  maxTokens?: number | undefined;
  contextWindow?: number | undefined;
  temperature?: number | undefined;
  maxToolIterations?: number | undefined;
  summarizeMessageThreshold?: number | undefined;
  summarizeTokenPercent?: number | undefined;
  steeringMode?: SteeringMode | undefined;
  maxParallelTurns?: number | undefined;
  subturn?:
    | {
        maxDepth?: number | undefined;
        maxConcurrent?: number | undefined;
        defaultTimeoutMinutes?: number | undefined;
      }
    | undefined;
}

/** agents.defaults after fallbacks. */
export interface AgentDefaults {
  maxTokens: number;
  /** Separate from maxTokens (#653): defaults to maxTokens × 4. */
  contextWindow: number;
  temperature: number;
  maxToolIterations: number;
  summarizeMessageThreshold: number;
  summarizeTokenPercent: number;
  steeringMode: SteeringMode;
  maxParallelTurns: number;
  subturn: { maxDepth: number; maxConcurrent: number; timeoutMs: number };
}

const positive = (value: number | undefined, fallback: number) =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

/** Applies PicoClaw's "if 0 or absent" fallbacks. */
export function resolveAgentDefaults(input: AgentDefaultsInput = {}): AgentDefaults {
  const maxTokens = positive(input.maxTokens, 8192);
  return {
    maxTokens,
    contextWindow: positive(input.contextWindow, maxTokens * 4),
    temperature: input.temperature ?? 0.7,
    maxToolIterations: positive(input.maxToolIterations, 20),
    summarizeMessageThreshold: positive(input.summarizeMessageThreshold, 20),
    summarizeTokenPercent: positive(input.summarizeTokenPercent, 75),
    steeringMode: input.steeringMode ?? "one-at-a-time",
    maxParallelTurns: Math.floor(positive(input.maxParallelTurns, 1)),
    subturn: {
      maxDepth: positive(input.subturn?.maxDepth, 3),
      maxConcurrent: positive(input.subturn?.maxConcurrent, 5),
      timeoutMs: positive(input.subturn?.defaultTimeoutMinutes, 5) * 60_000,
    },
  };
}

/**
 * Complexity routing: structural features of a message (never keywords, so every language routes
 * alike) give a score in [0, 1]; below the threshold the light model answers (pkg/routing router.go).
 */
import type { ChatMessage } from "../../providers/provider.ts";

/** Signals extracted from one message and its session history. */
export interface ComplexityFeatures {
  tokenEstimate: number;
  codeBlockCount: number;
  recentToolCalls: number;
  conversationDepth: number;
  hasAttachments: boolean;
}

/** `agents.defaults.routing`. */
export interface ComplexityRouting {
  lightModel: string;
  threshold?: number | undefined;
}

/** The threshold used when the configured one is absent, zero or negative. */
export const DEFAULT_COMPLEXITY_THRESHOLD = 0.35;
const LOOKBACK = 6;
// Substring checks on purpose: a media URL or file name anywhere in the text counts (pdf is not media).
const MEDIA_EXTENSIONS = [
  ...[".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"],
  ...[".mp3", ".wav", ".ogg", ".m4a", ".flac"],
  ...[".mp4", ".avi", ".mov", ".webm"],
];

function isCjk(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xac00 && code <= 0xd7af)
  );
}

/** CJK code points count one token each, everything else a quarter (integer division). */
export function estimateMessageTokens(text: string): number {
  let total = 0;
  let cjk = 0;
  for (const char of text) {
    total++;
    if (isCjk(char.codePointAt(0) ?? 0)) cjk++;
  }
  return cjk + Math.floor((total - cjk) / 4);
}

/** Extracts the routing features of `text` given the session history before it. */
export function extractFeatures(
  text: string,
  history: readonly Pick<ChatMessage, "tool_calls">[],
): ComplexityFeatures {
  const lower = text.toLowerCase();
  const hasData = ["data:image/", "data:audio/", "data:video/"].some((p) => lower.includes(p));
  return {
    tokenEstimate: estimateMessageTokens(text),
    codeBlockCount: (text.split("```").length - 1) >> 1,
    recentToolCalls: history.slice(-LOOKBACK).reduce((n, m) => n + (m.tool_calls?.length ?? 0), 0),
    conversationDepth: history.length,
    hasAttachments: hasData || MEDIA_EXTENSIONS.some((ext) => lower.includes(ext)),
  };
}

/** Weighted sum of the signals, capped at 1; attachments always score 1. */
export function scoreComplexity(features: Partial<ComplexityFeatures>): number {
  if (features.hasAttachments) return 1;
  const tokens = features.tokenEstimate ?? 0;
  const tools = features.recentToolCalls ?? 0;
  let score = 0;
  if (tokens > 200) score += 0.35;
  else if (tokens > 50) score += 0.15;
  if ((features.codeBlockCount ?? 0) > 0) score += 0.4;
  if (tools > 3) score += 0.25;
  else if (tools > 0) score += 0.1;
  if ((features.conversationDepth ?? 0) > 10) score += 0.1;
  return Math.min(1, score);
}

/** The effective threshold of a routing config. */
export function routingThreshold(routing: ComplexityRouting): number {
  const t = routing.threshold ?? 0;
  return t > 0 ? t : DEFAULT_COMPLEXITY_THRESHOLD;
}

/** Chooses the light model when the score is below the threshold, else the primary model. */
export function selectModel(
  routing: ComplexityRouting,
  text: string,
  history: readonly Pick<ChatMessage, "tool_calls">[],
  primary: string,
): { model: string; usedLight: boolean; score: number } {
  const score = scoreComplexity(extractFeatures(text, history));
  if (score < routingThreshold(routing)) return { model: routing.lightModel, usedLight: true, score };
  return { model: primary, usedLight: false, score };
}

/**
 * Conformance adapter for the channel policy functions: message splitting (and its rune helpers),
 * marker splitting, canonical ids, allow-list matching and the group trigger.
 */
import { expect } from "bun:test";
import type { SenderInfo } from "../../src/bus/message.ts";
import { isAllowed, isAllowedSender } from "../../src/channels/allow-list.ts";
import { shouldRespondInGroup } from "../../src/channels/group-trigger.ts";
import { splitByMarker } from "../../src/channels/split-by-marker.ts";
import {
  findLastNewlineInRange,
  findLastSpaceInRange,
  findLastUnclosedCodeBlockInRange,
  findNewlineFrom,
  findNextClosingCodeBlockInRange,
  splitMessage,
} from "../../src/channels/split-message.ts";
import { buildCanonicalId, parseCanonicalId } from "../../src/identity/canonical-id.ts";
import { isNumericId, matchAllowed } from "../../src/identity/match-allowed.ts";
import type { ConformanceAdapter, VectorFields } from "./adapter.ts";
import { resolveString } from "./strings.ts";

const runes = (s: string) => Array.from(s);
const num = (value: unknown) => value as number;

/** Go's SenderInfo JSON (PascalCase) to ours. */
function sender(value: unknown): SenderInfo {
  const go = (value ?? {}) as Record<string, string | undefined>;
  return {
    platform: go["Platform"],
    platformId: go["PlatformID"],
    canonicalId: go["CanonicalID"],
    username: go["Username"],
    displayName: go["DisplayName"],
  };
}

function allowFrom(value: unknown): string[] | undefined {
  return value === null || value === undefined ? undefined : (value as string[]);
}

function runSplit({ input, expect: want }: VectorFields): void {
  const chunks = splitMessage(resolveString(input["content"]), num(input["maxLen"]));
  if ("chunks" in want) expect(chunks).toEqual((want["chunks"] as unknown[]).map(resolveString));
  if ("chunk_count" in want) expect(chunks.length).toBe(num(want["chunk_count"]));
  const first = chunks[0] ?? "";
  if ("chunk0_max_runes" in want)
    expect(runes(first).length).toBeLessThanOrEqual(num(want["chunk0_max_runes"]));
  if ("chunk0_rune_length" in want) expect(runes(first).length).toBe(num(want["chunk0_rune_length"]));
  if ("sum_of_chunk_runes" in want) {
    expect(chunks.reduce((sum, c) => sum + runes(c).length, 0)).toBe(num(want["sum_of_chunk_runes"]));
  }
  if ("chunk1" in want) expect(chunks[1]).toBe(resolveString(want["chunk1"]));
  if ("chunk0_ends_with" in want) expect(first.endsWith(resolveString(want["chunk0_ends_with"]))).toBe(true);
  if ("chunk1_starts_with" in want) {
    expect((chunks[1] ?? "").startsWith(resolveString(want["chunk1_starts_with"]))).toBe(true);
  }
}

function runHelper({ input }: VectorFields): number {
  const text = runes(resolveString(input["runes"] ?? input["content"]));
  switch (input["fn"]) {
    case "findLastNewlineInRange":
      return findLastNewlineInRange(text, num(input["start"]), num(input["end"]), num(input["searchWindow"]));
    case "findLastSpaceInRange":
      return findLastSpaceInRange(text, num(input["start"]), num(input["end"]), num(input["searchWindow"]));
    case "findNewlineFrom":
      return findNewlineFrom(text, num(input["from"]));
    case "findLastUnclosedCodeBlockInRange":
      return findLastUnclosedCodeBlockInRange(text, num(input["start"]), num(input["end"]));
    case "findNextClosingCodeBlockInRange":
      return findNextClosingCodeBlockInRange(text, num(input["startIdx"]), num(input["end"]));
    default:
      throw new Error(`unknown helper ${String(input["fn"])}`);
  }
}

const adapter: ConformanceAdapter = {
  groups: [
    "SplitMessage",
    "SplitMessage helpers (internal)",
    "SplitByMarker",
    "BuildCanonicalID",
    "ParseCanonicalID",
    "MatchAllowed",
    "isNumeric (internal)",
    "BaseChannel.IsAllowed",
    "BaseChannel.IsAllowedSender",
    "ShouldRespondInGroup",
  ],
  run(vector, group) {
    const { input, expect: want } = vector;
    switch (group) {
      case "SplitMessage":
        return runSplit(vector);
      case "SplitMessage helpers (internal)":
        return void expect(runHelper(vector)).toBe(num(want["result"]));
      case "SplitByMarker":
        return void expect(splitByMarker(resolveString(input["content"]))).toEqual(
          want["chunks"] as string[],
        );
      case "BuildCanonicalID":
        return void expect(buildCanonicalId(input["platform"] as string, input["platformID"] as string)).toBe(
          want["result"] as string,
        );
      case "ParseCanonicalID": {
        const parsed = parseCanonicalId(input["canonical"] as string);
        expect(parsed !== undefined).toBe(want["ok"] as boolean);
        expect(parsed?.platform ?? "").toBe(want["platform"] as string);
        return void expect(parsed?.id ?? "").toBe(want["id"] as string);
      }
      case "MatchAllowed":
        return void expect(matchAllowed(sender(input["sender"]), input["allowed"] as string)).toBe(
          want["result"] as boolean,
        );
      case "isNumeric (internal)":
        return void expect(isNumericId(input["s"] as string)).toBe(want["result"] as boolean);
      case "BaseChannel.IsAllowed":
        return void expect(isAllowed(allowFrom(input["allow_from"]), input["senderID"] as string)).toBe(
          want["result"] as boolean,
        );
      case "BaseChannel.IsAllowedSender":
        return void expect(isAllowedSender(allowFrom(input["allow_from"]), sender(input["sender"]))).toBe(
          want["result"] as boolean,
        );
      case "ShouldRespondInGroup": {
        const trigger = input["group_trigger"] as { mention_only?: boolean; prefixes?: string[] };
        const decision = shouldRespondInGroup(
          trigger,
          input["isMentioned"] as boolean,
          input["content"] as string,
        );
        return void expect(decision).toEqual({
          respond: want["respond"] as boolean,
          content: want["content"] as string,
        });
      }
      default:
        throw new Error(`unhandled group ${group}`);
    }
  },
};

export default adapter;

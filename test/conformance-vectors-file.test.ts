/**
 * The conformance runner on a vectors file it has never seen: cases written here in PicoClaw's format, run
 * through `bun test test/conformance.test.ts` with PICOCLAW_VECTORS pointing at them. A new case of a
 * covered group passes with no code change; a changed expectation fails; an input or expect field no
 * adapter maps fails and names the field.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "./helpers/run-process.ts";

type Case = {
  id: string;
  behaviour: string;
  input: Record<string, unknown>;
  expect: Record<string, unknown>;
};

const alice = {
  Platform: "telegram",
  PlatformID: "123456",
  Username: "alice",
  CanonicalID: "telegram:123456",
};

const groups: { function: string; cases: Case[] }[] = [
  {
    function: "MediaStore (FileMediaStore)",
    cases: [
      {
        id: "new-media-two-policies",
        behaviour: "new case: a forget_only file survives its release, a delete_on_cleanup one does not",
        input: {
          op: "Store(C, scopeC); Store(D, scopeD, forget_only); ReleaseAll(scopeC); ReleaseAll(scopeD)",
        },
        expect: { fileC_exists: false, fileD_exists: true, refD_resolvable: false },
      },
      {
        id: "new-media-ttl-half-hour",
        behaviour:
          "new case: with max_age 30m an entry stored 45 minutes ago expires, one from 5 minutes ago stays",
        input: { op: "Store stale(now-45m) + recent(now-5m); CleanExpired", max_age: "30m" },
        expect: { removed: 1, stale_resolvable: false, recent_resolvable: true, stale_exists: false },
      },
      {
        id: "changed-media-forget-only",
        behaviour: "changed expectation: claims forget_only deletes the file",
        input: { op: "Store then ReleaseAll", meta: { CleanupPolicy: "forget_only" } },
        expect: { ref_resolvable: false, file_exists: false },
      },
      {
        id: "unknown-input-media",
        behaviour: "unknown input field",
        input: { op: "Store then ReleaseAll", quota_bytes: 10 },
        expect: { ref_resolvable: false },
      },
      {
        id: "unknown-expect-media",
        behaviour: "unknown expect field",
        input: { op: "Store then ReleaseAll" },
        expect: { ref_resolvable: false, bytes_freed: 4 },
      },
    ],
  },
  {
    function: "MatchAllowed",
    cases: [
      {
        id: "new-match-canonical-upper",
        behaviour: "new case: canonical entry with an upper-case platform",
        input: { sender: alice, allowed: "TELEGRAM:123456" },
        expect: { result: true },
      },
      {
        id: "changed-match",
        behaviour: "changed expectation: a different id matches",
        input: { sender: alice, allowed: "654321" },
        expect: { result: true },
      },
      {
        id: "unknown-input-match",
        behaviour: "unknown input field",
        input: { sender: alice, allowed: "123456", case_sensitive: true },
        expect: { result: true },
      },
      {
        id: "unknown-expect-match",
        behaviour: "unknown expect field",
        input: { sender: alice, allowed: "123456" },
        expect: { result: true, matched_by: "platform_id" },
      },
    ],
  },
  {
    function: "Misc: MCP naming, Pico, heartbeat, exec guard",
    cases: [
      {
        id: "new-mcp-name",
        behaviour: "new case: another server and tool",
        input: { server: "slack", tool: "post_message" },
        expect: { name: "mcp_slack_post_message" },
      },
      {
        id: "new-exec-shutdown",
        behaviour: "new case: shutdown is on the deny list",
        input: { args: { action: "run", command: "shutdown -h now" } },
        expect: { is_error: true, message_contains: "blocked" },
      },
      {
        id: "unknown-expect-mcp",
        behaviour: "unknown expect field",
        input: { server: "github", tool: "create_issue" },
        expect: { name: "mcp_github_create_issue", description_prefix: "[github]" },
      },
    ],
  },
  {
    function: "Session key building",
    cases: [
      {
        id: "new-explicit-key",
        behaviour: "new case: an agent-scoped group key is explicit",
        input: { fn: "IsExplicitSessionKey", key: "agent:sales:slack:channel:c001" },
        expect: { result: true },
      },
      {
        id: "unknown-input-session",
        behaviour: "unknown input field",
        input: { fn: "IsExplicitSessionKey", key: "custom-key", legacy: true },
        expect: { result: false },
      },
    ],
  },
];

let dir = "";
let output = "";
let code = 0;
/** What bun test printed for each case id: its verdict and the lines before it (its error). */
const results = new Map<string, { passed: boolean; text: string }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "picoclaw-vectors-"));
  const path = join(dir, "vectors.json");
  writeFileSync(path, JSON.stringify({ schema: "test", groups }));
  const run = await runProcess([process.execPath, "test", join(import.meta.dir, "conformance.test.ts")], {
    env: { ...process.env, PICOCLAW_VECTORS: path },
  });
  code = run.code;
  output = `${run.stdout}\n${run.stderr}`;
  let block: string[] = [];
  for (const line of output.split("\n")) {
    const verdict = /^\((pass|fail)\) conformance: .+? > ([\w-]+):/.exec(line);
    if (verdict?.[2]) {
      results.set(verdict[2], { passed: verdict[1] === "pass", text: block.join("\n") });
      block = [];
    } else block.push(line);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the conformance runner on a modified vectors file", () => {
  test("runs every case and exits non-zero because some fail", () => {
    expect(results.size).toBe(groups.reduce((n, g) => n + g.cases.length, 0));
    expect(code).not.toBe(0);
    expect(output).toContain("conformance: 6 passed, 8 failed");
  });

  test.each([
    "new-media-two-policies",
    "new-media-ttl-half-hour",
    "new-match-canonical-upper",
    "new-mcp-name",
    "new-exec-shutdown",
    "new-explicit-key",
  ])("new case %s passes without code changes", (id) => {
    expect(results.get(id)?.passed, results.get(id)?.text).toBe(true);
  });

  test.each(["changed-media-forget-only", "changed-match"])("changed expectation %s fails", (id) => {
    expect(results.get(id)?.passed).toBe(false);
  });

  test.each([
    ["unknown-input-media", "input.quota_bytes"],
    ["unknown-expect-media", "expect.bytes_freed"],
    ["unknown-input-match", "input.case_sensitive"],
    ["unknown-expect-match", "expect.matched_by"],
    ["unknown-expect-mcp", "expect.description_prefix"],
    ["unknown-input-session", "input.legacy"],
  ])("%s fails naming %s", (id, field) => {
    const result = results.get(id);
    expect(result?.passed).toBe(false);
    expect(result?.text).toContain(field);
  });
});

/**
 * Board profiles (boards/<board>/board.json): target binary, RAM, the memory budget tests enforce, and the
 * runtime environment (JSC, Bun and mimalloc settings) the gateway runs with on that board.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";

const BINARIES = [
  "picoclaw-linux-x64",
  "picoclaw-linux-arm64",
  "picoclaw-linux-arm64-musl",
  "picoclaw-linux-armv7",
] as const;

/** Runtime settings a board may set: JavaScriptCore/Bun (BUN_*), mimalloc (MIMALLOC_*) and Node (NODE_*). */
const ENV_NAME = /^(BUN|MIMALLOC|NODE)_[A-Za-z0-9_]+$/;
/** A value systemd's Environment="NAME=value" and a shell take as is: no quotes, backslashes, $ or spaces. */
const ENV_VALUE = /^[A-Za-z0-9_.,:=+/-]*$/;

const BoardSchema = v.strictObject({
  name: v.pipe(v.string(), v.nonEmpty()),
  binary: v.picklist(BINARIES),
  arch: v.picklist(["x64", "arm64", "armv7"]),
  ram_mb: v.pipe(v.number(), v.integer(), v.minValue(64)),
  os: v.pipe(v.string(), v.nonEmpty()),
  budget_mb: v.strictObject({
    idle_rss: v.pipe(v.number(), v.minValue(1)),
    load_rss: v.pipe(v.number(), v.minValue(1)),
    load_hwm: v.pipe(v.number(), v.minValue(1)),
    /** RssAnon at idle: the heap and allocator pages, which the kernel cannot drop like the binary's. */
    idle_anon: v.pipe(v.number(), v.minValue(1)),
  }),
  /** Environment of the gateway on this board (deploy.sh writes it into the unit's drop-in). */
  env: v.record(
    v.pipe(v.string(), v.regex(ENV_NAME, "expected a BUN_, MIMALLOC_ or NODE_ variable name")),
    v.pipe(v.string(), v.regex(ENV_VALUE, "expected a value without quotes, spaces, $ or backslashes")),
  ),
  systemd: v.strictObject({
    memory_max: v.pipe(v.string(), v.regex(/^\d+M$/, "expected megabytes like 192M")),
  }),
});

/** One validated board profile. */
export type Board = v.InferOutput<typeof BoardSchema> & { id: string };

/** Parses a board.json value; returns every problem with its path. */
export function parseBoard(
  id: string,
  raw: unknown,
): { ok: true; board: Board } | { ok: false; issues: string[] } {
  const result = v.safeParse(BoardSchema, raw);
  if (!result.success) {
    return {
      ok: false,
      issues: result.issues.map((issue) => `${id}: ${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`),
    };
  }
  const board = { ...result.output, id };
  const issues: string[] = [];
  const { idle_rss, load_rss, load_hwm, idle_anon } = board.budget_mb;
  if (!(idle_rss <= load_rss && load_rss <= load_hwm))
    issues.push(`${id}: budget_mb must be idle ≤ load ≤ hwm`);
  if (idle_anon > idle_rss) issues.push(`${id}: budget_mb.idle_anon exceeds budget_mb.idle_rss`);
  const ramSize = board.env["BUN_JSC_forceRAMSize"];
  if (ramSize !== undefined && !(/^\d+$/.test(ramSize) && Number(ramSize) <= board.ram_mb * 1024 * 1024))
    issues.push(`${id}: env.BUN_JSC_forceRAMSize must be a byte count no larger than ram_mb`);
  if (Number.parseInt(board.systemd.memory_max, 10) < load_hwm)
    issues.push(`${id}: systemd.memory_max is below budget_mb.load_hwm`);
  if (Number.parseInt(board.systemd.memory_max, 10) > board.ram_mb)
    issues.push(`${id}: systemd.memory_max exceeds ram_mb`);
  const archOf = board.binary.includes("x64") ? "x64" : board.binary.includes("armv7") ? "armv7" : "arm64";
  if (archOf !== board.arch) issues.push(`${id}: binary ${board.binary} does not match arch ${board.arch}`);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, board };
}

/** Reads every board profile under `dir` (default: this folder). Throws with all problems at once. */
export function loadBoards(dir: string = import.meta.dir): Board[] {
  const boards: Board[] = [];
  const problems: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === "maixcam" || entry.name === "examples") continue;
    const result = parseBoard(
      entry.name,
      JSON.parse(readFileSync(join(dir, entry.name, "board.json"), "utf8")),
    );
    if (result.ok) boards.push(result.board);
    else problems.push(...result.issues);
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return boards.sort((a, b) => a.id.localeCompare(b.id));
}

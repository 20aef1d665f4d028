/**
 * `bun bench/env-matrix.ts [name…]`: the compiled gateway under each JSC/Bun/mimalloc environment of
 * MATRIX below (or the named ones), one after another: idle VmRSS/RssAnon/RssFile, latency p99 (one
 * client, paced), then a burst of BENCH_BURST messages on 100 Pico connections (VmHWM, msgs/s). The
 * floor runs once with no settings. Used to choose each board's `env` in boards/<board>/board.json.
 */
import { freePort } from "../test/helpers/free-port.ts";
import { startEchoLlm } from "../test/soak/echo-llm.ts";
import { runPicoLoad } from "../test/soak/pico-load.ts";
import { buildBenchBinaries } from "./build.ts";
import { runEchoLoad } from "./echo-load.ts";
import { startTarget } from "./start-target.ts";
import { percentile } from "./stats.ts";

const BURST = Number(process.env["BENCH_BURST"] ?? 10_000);
const TOKEN = "bench-token-0123456789";
const SMOL = { BUN_OPTIONS: "--smol" };
const RAM64 = { ...SMOL, BUN_JSC_forceRAMSize: String(64 * 1024 * 1024) };

/** The environments compared; names are what the table prints. */
export const MATRIX: Record<string, Record<string, string>> = {
  default: {},
  smol: SMOL,
  "smol+ram64": RAM64,
  "smol+ram32": { ...SMOL, BUN_JSC_forceRAMSize: String(32 * 1024 * 1024) },
  "smol+ram128": { ...SMOL, BUN_JSC_forceRAMSize: String(128 * 1024 * 1024) },
  "ram64+noFTL": { ...RAM64, BUN_JSC_useFTLJIT: "0" },
  "ram64+noDFG": { ...RAM64, BUN_JSC_useDFGJIT: "0" },
  "ram64+noJIT": { ...RAM64, BUN_JSC_useJIT: "0" },
  "ram64+purge0": { ...RAM64, MIMALLOC_PURGE_DELAY: "0" },
  "ram64+noeager": { ...RAM64, MIMALLOC_ARENA_EAGER_COMMIT: "0", MIMALLOC_PURGE_DELAY: "0" },
  "ram64+gclevel2": { ...RAM64, BUN_GARBAGE_COLLECTOR_LEVEL: "2" },
  "ram64+maxheap32": { ...RAM64, BUN_JSC_gcMaxHeapSize: String(32 * 1024 * 1024) },
  "ram128+noFTL": { ...SMOL, BUN_JSC_forceRAMSize: String(128 * 1024 * 1024), BUN_JSC_useFTLJIT: "0" },
  noJIT: { BUN_JSC_useJIT: "0" },
  "smol+noJIT": { ...SMOL, BUN_JSC_useJIT: "0" },
  "ram32+noJIT": { ...SMOL, BUN_JSC_forceRAMSize: String(32 * 1024 * 1024), BUN_JSC_useJIT: "0" },
  "ram128+noJIT": { ...SMOL, BUN_JSC_forceRAMSize: String(128 * 1024 * 1024), BUN_JSC_useJIT: "0" },
  "ram64+noJIT+purge0": { ...RAM64, BUN_JSC_useJIT: "0", MIMALLOC_PURGE_DELAY: "0" },
};

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");

async function measure(name: string, env: Record<string, string>, binary: string, floor: boolean) {
  const llm = startEchoLlm();
  const port = await freePort();
  const server = await startTarget({ floor, binary, port, env, llmUrl: llm.url, token: TOKEN });
  try {
    await Bun.sleep(2000);
    const idle = server.memory();
    const run = async (clients: number, messages: number, paceMs: number, tag: string) => {
      const latencies: number[] = [];
      const common = {
        clients,
        maxMessages: messages,
        deadline: Date.now() + 300_000,
        paceMs,
        onReply: (ms: number) => latencies.push(ms),
      };
      const started = performance.now();
      const r = floor
        ? await runEchoLoad({ url: `ws://127.0.0.1:${port}/ws`, ...common })
        : await runPicoLoad({
            url: `ws://127.0.0.1:${port}/pico/ws`,
            token: TOKEN,
            sessionPrefix: `${tag}${Date.now().toString(36)}`,
            ...common,
          });
      return { replies: r.replies, latencies, perSecond: r.replies / ((performance.now() - started) / 1000) };
    };
    const latency = await run(1, 100, 50, "lat");
    const burst = await run(100, BURST, 0, "burst");
    await Bun.sleep(2000);
    const after = server.memory();
    return [
      name,
      f1(idle.rssMb),
      f1(idle.anonMb),
      f1(idle.fileMb),
      f1(after.hwmMb),
      f1(after.rssMb),
      f1(after.anonMb),
      f1(burst.perSecond),
      f1(percentile(latency.latencies, 99)),
      `${burst.replies}`,
    ];
  } finally {
    await server.stop();
    await llm.stop();
  }
}

if (import.meta.main) {
  const bins = buildBenchBinaries();
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(MATRIX);
  const head = [
    "env",
    "idle RSS",
    "anon",
    "file",
    "burst HWM",
    "RSS after",
    "anon after",
    "msg/s",
    "p99 ms",
    "replies",
  ];
  const rows = [await measure("floor", {}, bins.floor, true)];
  for (const name of names) {
    const env = MATRIX[name];
    if (!env) throw new Error(`unknown environment ${name}; known: ${Object.keys(MATRIX).join(", ")}`);
    rows.push(await measure(name, env, bins.picoclaw, false));
    console.error(`matrix: ${rows.at(-1)?.join("  ")}`);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join("  ");
  console.log(
    `gateway (Pico + MaixCam) by environment, burst ${BURST} msgs on 100 connections, Bun ${Bun.version}`,
  );
  for (const l of [line(head), ...rows.map(line)]) console.log(l);
}

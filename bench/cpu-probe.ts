/**
 * `bun bench/cpu-probe.ts`: CPU ms per message of the compiled gateway (all of it and per thread, from
 * /proc) and of the load process, over BENCH_TOTAL messages (default 20,000) from 100 Pico connections to
 * the instant echo LLM, after BENCH_WARM (2,000) to fill the sessions. CPU time moves less than msg/s
 * with what else the machine runs; compare two builds by alternating runs. Prints figures; asserts nothing.
 * BENCH_BOARD (raspberry-pi-zero-2w, or none), BENCH_BINARY (default dist/picoclaw), BENCH_TURN_SLOTS (4),
 * BENCH_DEFAULTS (JSON, more agents.defaults), BENCH_EXTRA_ENV (JSON, more environment, e.g. BUN_OPTIONS
 * with --cpu-prof-md), BENCH_PERF (a perf.data path: perf record of the gateway) and BENCH_STRACE (a path:
 * strace -c of the gateway).
 */
import { readdirSync, readFileSync } from "node:fs";
import { loadBoards } from "../boards/boards.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { startEchoLlm } from "../test/soak/echo-llm.ts";
import { runPicoLoad } from "../test/soak/pico-load.ts";
import { buildBenchBinaries } from "./build.ts";
import { startTarget } from "./start-target.ts";

const TOTAL = Number(process.env["BENCH_TOTAL"] ?? 20_000);
const BOARD = process.env["BENCH_BOARD"] ?? "raspberry-pi-zero-2w";
const TOKEN = "bench-token-0123456789";
const boardEnv = BOARD === "none" ? {} : loadBoards().find((b) => b.id === BOARD)?.env;
if (!boardEnv) throw new Error(`BENCH_BOARD=${BOARD}: no such board`);

/** utime + stime in ms (clock ticks of 10 ms) of a process or a thread's stat file. */
function statCpuMs(path: string): number {
  const stat = readFileSync(path, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const cpuMs = (pid: number | "self") => statCpuMs(`/proc/${pid}/stat`);

/** CPU ms per thread name of a process. */
function threadCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      byName.set(name, (byName.get(name) ?? 0) + statCpuMs(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      // the thread ended
    }
  }
  return byName;
}

const bins = buildBenchBinaries();
const llm = startEchoLlm();
const port = await freePort();
const server = await startTarget({
  floor: false,
  binary: process.env["BENCH_BINARY"] ?? bins.picoclaw,
  port,
  env: { ...boardEnv, ...JSON.parse(process.env["BENCH_EXTRA_ENV"] ?? "{}") },
  llmUrl: llm.url,
  token: TOKEN,
  contextWindow: 32_768,
  defaults: {
    max_parallel_turns: Number(process.env["BENCH_TURN_SLOTS"] ?? 4),
    ...JSON.parse(process.env["BENCH_DEFAULTS"] ?? "{}"),
  },
});
const run = (maxMessages: number) =>
  runPicoLoad({
    url: `ws://127.0.0.1:${port}/pico/ws`,
    token: TOKEN,
    clients: 100,
    maxMessages,
    deadline: Date.now() + 600_000,
    sessionPrefix: `probe${Date.now().toString(36)}`,
    replyTimeoutMs: 120_000,
  });
try {
  await run(Number(process.env["BENCH_WARM"] ?? 2_000)); // warm: sessions exist, caches filled
  const threads0 = threadCpu(server.pid);
  const gw0 = cpuMs(server.pid);
  const self0 = cpuMs("self");
  const perfOut = process.env["BENCH_PERF"];
  const perf = perfOut
    ? Bun.spawn(
        ["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "-o", perfOut, "-p", String(server.pid)],
        {
          stdout: "ignore",
          stderr: "ignore",
        },
      )
    : undefined;
  const t0 = performance.now();
  const r = await run(TOTAL);
  perf?.kill("SIGINT");
  await perf?.exited;
  const seconds = (performance.now() - t0) / 1000;
  const gw = cpuMs(server.pid) - gw0;
  const self = cpuMs("self") - self0;
  console.log(
    `${BOARD}: ${r.replies}/${TOTAL} replies, ${r.errors} errors, ${(r.replies / seconds).toFixed(0)} msg/s; ` +
      `CPU per message: gateway ${(gw / r.replies).toFixed(3)} ms, load + echo LLM ${(self / r.replies).toFixed(3)} ms`,
  );
  const threads = [...threadCpu(server.pid)]
    .map(([name, ms]) => [name, ms - (threads0.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${(ms / r.replies).toFixed(3)}`);
  console.log(`  per thread, ms per message: ${threads.join(", ")}`);
  const m = server.memory();
  console.log(
    `  memory after: VmRSS ${m.rssMb.toFixed(1)} VmHWM ${m.hwmMb.toFixed(1)} RssAnon ${m.anonMb.toFixed(1)} MB`,
  );
} finally {
  await server.stop();
  await llm.stop();
}

/**
 * `bun bench/growth.ts`: the RSS growth curve of the compiled gateway, which `npm run bench` reports only as
 * one figure. 100 Pico connections send BENCH_TOTAL messages (default 100,000) in steps of BENCH_STEP
 * (10,000) to the instant echo LLM; 2 s after each step it prints VmRSS, RssAnon and VmHWM. With
 * BENCH_ROTATE=N each connection starts a fresh session every N messages (0: one session per connection
 * for the whole run, so histories grow to the read cap). The gateway runs with BENCH_BOARD's env, as in
 * bench/run.ts. It prints figures; it asserts nothing.
 */
import { loadBoards } from "../boards/boards.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { startEchoLlm } from "../test/soak/echo-llm.ts";
import { runPicoLoad } from "../test/soak/pico-load.ts";
import { buildBenchBinaries } from "./build.ts";
import { startTarget } from "./start-target.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TOTAL = env("BENCH_TOTAL", 100_000);
const STEP = env("BENCH_STEP", 10_000);
const ROTATE = env("BENCH_ROTATE", 0);
const BOARD = process.env["BENCH_BOARD"] ?? "raspberry-pi-zero-2w";
const TOKEN = "bench-token-0123456789";

const boardEnv = BOARD === "none" ? {} : loadBoards().find((b) => b.id === BOARD)?.env;
if (!boardEnv) throw new Error(`BENCH_BOARD=${BOARD}: no such board`);
const bins = buildBenchBinaries();
const llm = startEchoLlm();
const port = await freePort();
const server = await startTarget({
  floor: false,
  binary: bins.picoclaw,
  port,
  env: { ...boardEnv, ...JSON.parse(process.env["BENCH_EXTRA_ENV"] ?? "{}") },
  llmUrl: llm.url,
  token: TOKEN,
  contextWindow: 32_768, // as bench/run.ts
  defaults: { max_parallel_turns: env("BENCH_TURN_SLOTS", 4) },
});

const row = (label: string) => {
  const m = server.memory();
  console.log(
    `${label.padStart(8)}  VmRSS ${m.rssMb.toFixed(1).padStart(5)}  RssAnon ${m.anonMb.toFixed(1).padStart(5)}  VmHWM ${m.hwmMb.toFixed(1).padStart(5)}`,
  );
};
console.log(
  `growth: ${BOARD} env, 100 connections, rotate every ${ROTATE || "never"}, MB 2 s after each step`,
);
await Bun.sleep(2000);
row("idle");
const prefix = `growth${Date.now().toString(36)}`;
try {
  for (let done = 0; done < TOTAL; done += STEP) {
    const started = performance.now();
    const r = await runPicoLoad({
      url: `ws://127.0.0.1:${port}/pico/ws`,
      token: TOKEN,
      clients: 100,
      maxMessages: STEP,
      deadline: Date.now() + 600_000,
      rotateEvery: ROTATE,
      sessionPrefix: prefix,
      replyTimeoutMs: 120_000,
    });
    const rate = r.replies / ((performance.now() - started) / 1000);
    await Bun.sleep(2000);
    row(`${(done + STEP) / 1000}k`);
    if (r.errors > 0 || r.replies < STEP)
      console.log(`  step: ${r.replies}/${STEP} replies, ${r.errors} errors`);
    console.log(`  step: ${rate.toFixed(0)} msgs/s`);
  }
} finally {
  await server.stop();
  await llm.stop();
}

/**
 * `npm run bench`: the compiled gateway against a minimal Bun server (bench/floor.ts) in one run, on
 * 127.0.0.1, with the instant echo LLM. Prints figures, ratios and the targets; it is not a test.
 * Every load phase is bounded by a message budget and a deadline (BENCH_* variables below). The gateway
 * runs with the environment of BENCH_BOARD's board.json (default raspberry-pi-zero-2w, as deployed there;
 * `none` for Bun's defaults); the floor always runs with Bun's defaults.
 */
import { statSync } from "node:fs";
import { loadBoards } from "../boards/boards.ts";
import { freePort } from "../test/helpers/free-port.ts";
import { testConfig } from "../test/helpers/gateway-process.ts";
import { startMosquitto } from "../test/helpers/mosquitto.ts";
import { startEchoLlm } from "../test/soak/echo-llm.ts";
import { runPicoLoad } from "../test/soak/pico-load.ts";
import { buildBenchBinaries } from "./build.ts";
import { runEchoLoad } from "./echo-load.ts";
import { type ServerProcess, startServer } from "./server-process.ts";
import { median, percentile } from "./stats.ts";
import { type BenchFigures, benchRows, formatTable, type Memory } from "./targets.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const BURST = env("BENCH_BURST", 10_000);
const TOTAL = env("BENCH_TOTAL", 100_000);
const BURST_SECONDS = env("BENCH_BURST_SECONDS", 120);
const LONG_SECONDS = env("BENCH_LONG_SECONDS", 900);
const CONNECTIONS = 100;
const TURN_SLOTS = env("BENCH_TURN_SLOTS", 4);
const TOKEN = "bench-token-0123456789";

const BOARD = process.env["BENCH_BOARD"] ?? "raspberry-pi-zero-2w";
const boardEnv: Record<string, string> =
  BOARD === "none"
    ? {}
    : (loadBoards().find((b) => b.id === BOARD)?.env ??
      (() => {
        throw new Error(`BENCH_BOARD=${BOARD}: no such board`);
      })());

const bins = buildBenchBinaries();
const llm = startEchoLlm();
const mosquitto = await startMosquitto();
const log = (line: string) => console.error(`bench: ${line}`);

type Kind = "picoclaw" | "picoclawPlain" | "floor";
interface Started {
  server: ServerProcess;
  port: number;
}

async function start(kind: Kind, withMqtt = false): Promise<Started> {
  const port = await freePort();
  if (kind === "floor") {
    const server = await startServer({
      command: [bins.floor],
      readyUrl: `http://127.0.0.1:${port}/health`,
      env: { PORT: String(port) },
    });
    return { server, port };
  }
  const mqtt =
    withMqtt && mosquitto
      ? {
          mqtt: {
            enabled: true,
            type: "mqtt",
            allow_from: ["*"],
            settings: { broker: mosquitto.url, agent_id: "bench" },
          },
        }
      : {};
  const config = testConfig({
    llmUrl: llm.url,
    gatewayPort: port,
    maixcamPort: await freePort(),
    token: TOKEN,
    extraChannels: mqtt,
  }) as { agents: { defaults: Record<string, unknown> } };
  // A 32k-token window, as a small real model has: with the test config's 4 k (max_tokens x 4) every turn
  // would run the emergency compression beside the tool schemas, and the relay would not be what is measured.
  config.agents.defaults["context_window"] = 32_768;
  // Turn slots (max_parallel_turns; PicoClaw's default is 1): with one slot the relay waits for every
  // model round trip in turn, so the figure would be the fake LLM's latency, not the gateway's cost.
  config.agents.defaults["max_parallel_turns"] = TURN_SLOTS;
  const server = await startServer({
    command: [bins[kind], "gateway"],
    readyUrl: `http://127.0.0.1:${port}/ready`,
    config,
    env: boardEnv,
  });
  return { server, port };
}

async function startTimes(kind: Kind): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { server } = await start(kind);
    times.push(server.readyMs);
    await server.stop();
  }
  return median(times);
}

/** Runs `messages` through the server with the right client; returns replies and latencies. */
async function load(
  kind: "picoclaw" | "floor",
  port: number,
  o: { clients: number; messages: number; seconds: number; paceMs?: number; tag: string },
) {
  const latencies: number[] = [];
  const deadline = Date.now() + o.seconds * 1000;
  const started = performance.now();
  const common = {
    clients: o.clients,
    maxMessages: o.messages,
    deadline,
    paceMs: o.paceMs ?? 0,
    onReply: (ms: number) => latencies.push(ms),
  };
  const r =
    kind === "floor"
      ? await runEchoLoad({ url: `ws://127.0.0.1:${port}/ws`, ...common })
      : await runPicoLoad({
          url: `ws://127.0.0.1:${port}/pico/ws`,
          token: TOKEN,
          sessionPrefix: `${o.tag}${Date.now().toString(36)}`,
          replyTimeoutMs: 120_000,
          ...common,
        });
  const seconds = (performance.now() - started) / 1000;
  log(`${kind} ${o.tag}: ${r.replies}/${r.sent} replies, ${r.errors} errors in ${seconds.toFixed(1)} s`);
  return { replies: r.replies, latencies, perSecond: r.replies / seconds };
}

function memory(server: ServerProcess): Memory {
  const m = server.memory();
  return { rss: m.rssMb, hwm: m.hwmMb, anon: m.anonMb };
}

async function measureServer(kind: "picoclaw" | "floor") {
  const { server, port } = await start(kind);
  await Bun.sleep(2000);
  const idle = memory(server);
  const latency = await load(kind, port, { clients: 1, messages: 100, seconds: 30, paceMs: 120, tag: "lat" });
  const burst = await load(kind, port, {
    clients: CONNECTIONS,
    messages: BURST,
    seconds: BURST_SECONDS,
    tag: "burst",
  });
  // Both readings 2 s after their phase, so in-flight buffers have drained alike.
  await Bun.sleep(2000);
  const afterBurst = memory(server);
  const rest = await load(kind, port, {
    clients: CONNECTIONS,
    messages: Math.max(0, TOTAL - BURST),
    seconds: LONG_SECONDS,
    tag: "long",
  });
  await Bun.sleep(2000);
  const end = memory(server);
  await server.stop();
  return {
    idle,
    afterBurst,
    end,
    burstMessages: burst.replies,
    totalMessages: burst.replies + rest.replies,
    // Many sessions at once: one session is paced by the channel's outbound rate limit.
    throughput: rest.replies > 0 ? rest.perSecond : burst.perSecond,
    p50: percentile(latency.latencies, 50),
    p99: percentile(latency.latencies, 99),
  };
}

async function idleWithMqtt(): Promise<Memory> {
  if (!mosquitto) return { rss: Number.NaN, hwm: Number.NaN, anon: Number.NaN };
  const { server } = await start("picoclaw", true);
  await Bun.sleep(2000);
  const idle = memory(server);
  await server.stop();
  return idle;
}

try {
  log("start-to-ready, 5 runs each");
  const startMs = {
    picoclaw: await startTimes("picoclaw"),
    picoclawPlain: await startTimes("picoclawPlain"),
    floor: await startTimes("floor"),
  };
  log("idle with MQTT");
  const idleMqtt = await idleWithMqtt();
  log("picoclaw load phases");
  const p = await measureServer("picoclaw");
  log("floor load phases");
  const fl = await measureServer("floor");
  const figures: BenchFigures = {
    startMs,
    idle: { picoclaw: p.idle, floor: fl.idle },
    idleMqtt,
    afterBurst: { picoclaw: p.afterBurst, floor: fl.afterBurst },
    end: { picoclaw: p.end, floor: fl.end },
    burstMessages: { picoclaw: p.burstMessages, floor: fl.burstMessages },
    totalMessages: { picoclaw: p.totalMessages, floor: fl.totalMessages },
    throughput: { picoclaw: p.throughput, floor: fl.throughput },
    latencyMs: { picoclaw: { p50: p.p50, p99: p.p99 }, floor: { p50: fl.p50, p99: fl.p99 } },
    binaryBytes: { picoclaw: statSync(bins.picoclaw).size, floor: statSync(bins.floor).size },
  };
  console.log(
    `\nPicoClaw gateway vs floor (bench/floor.ts), x64, Bun ${Bun.version}, ${new Date().toISOString()}`,
  );
  const envText = Object.entries(boardEnv).map(([k, v]) => `${k}=${v}`);
  console.log(
    `gateway environment: ${BOARD} board.json: ${envText.join(" ") || "(none)"}; floor: Bun's defaults`,
  );
  for (const line of formatTable(benchRows(figures))) console.log(line);
  console.log(
    `\nload: latency 1 client paced 120 ms; max_parallel_turns ${TURN_SLOTS}; throughput over the second (long) phase; burst ${CONNECTIONS} connections ≤ ${BURST} msgs ≤ ${BURST_SECONDS} s; total ≤ ${TOTAL} msgs (+${LONG_SECONDS} s)`,
  );
  if (!(p.totalMessages >= TOTAL))
    console.log(
      `note: the gateway relayed ${p.totalMessages} of ${TOTAL} messages within the time bounds; the growth target is not judged below 100k.`,
    );
  if (!mosquitto) console.log("note: mosquitto is not available; the MQTT row is n/a");
} finally {
  await llm.stop();
  await mosquitto?.dispose();
}

/**
 * Memory budget: the compiled binary with the fake LLM, run with the environment the board runs it with
 * (board.json "env", which deploy.sh puts in the unit). Idle as the targets define it (boards/budgets.ts,
 * bench/targets.ts): Pico + MaixCam, VmRSS and RssAnon against the board's idle budget; then the same
 * with MQTT connected, which may add at most TARGETS.mqttPlusMb of VmRSS; then a burst of 2,000 messages
 * across the three channels, VmRSS and VmHWM against the load budget. Budgets are the tightest arm64
 * board's (this machine is x64; see the README's board table for what was measured in the arm64 VM).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect as tcpConnect } from "node:net";
import mqtt from "mqtt";
import { TARGETS } from "../bench/targets.ts";
import { loadBoards } from "../boards/boards.ts";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { type Mosquitto, startMosquitto } from "./helpers/mosquitto.ts";
import { PicoClient } from "./helpers/pico-client.ts";
import { type MemoryFigures, readMemory } from "./helpers/proc-status.ts";

const budgetBoard = loadBoards().find((b) => b.id === "raspberry-pi-zero-2w");
const PICO_CLIENTS = 16;
const PICO_PER_CLIENT = 100; // 1,600
const MAIXCAM_MESSAGES = 200;
const MQTT_CLIENTS = 8;
const MQTT_PER_CLIENT = 25; // 200
const token = "budget-token-0123456789";
const figures = (m: MemoryFigures) =>
  `VmRSS ${m.rssMb.toFixed(1)} MB, VmHWM ${m.hwmMb.toFixed(1)} MB, RssAnon ${m.anonMb.toFixed(1)} MB`;

let llm: FakeLlmServer;
let broker: Mosquitto | undefined;
let gateway: GatewayProcess;
let port = 0;
let maixcamPort = 0;
let idle: MemoryFigures;
let idleMqtt: MemoryFigures;

beforeAll(async () => {
  const [binary, mosquitto] = await Promise.all([compiledGateway(), startMosquitto()]);
  broker = mosquitto;
  if (!broker)
    throw new Error("mosquitto is required for the memory budget test (apt-get install mosquitto)");
  llm = startFakeOpenAI();
  if (!budgetBoard) throw new Error("boards/raspberry-pi-zero-2w/board.json is missing");
  // As the board's unit runs it: the unit's BUN_OPTIONS=--smol, then the board's env over it.
  const env = { BUN_OPTIONS: "--smol", ...budgetBoard.env };
  const plain = await startGatewayProcess({
    binary,
    config: testConfig({
      llmUrl: llm.url,
      gatewayPort: await freePort(),
      maixcamPort: await freePort(),
      token,
    }),
    timeoutMs: 60_000,
    env,
  });
  idle = readMemory(plain.pid);
  await plain.stop();
  plain.dispose();
  port = await freePort();
  maixcamPort = await freePort();
  const config = testConfig({
    llmUrl: llm.url,
    gatewayPort: port,
    maixcamPort,
    token,
    extraChannels: {
      mqtt: {
        enabled: true,
        type: "mqtt",
        allow_from: ["*"],
        settings: { broker: broker.url, agent_id: "budget", qos: 1 },
      },
    },
  }) as {
    agents: { defaults: Record<string, unknown> };
    channel_list: { maixcam: { settings: Record<string, unknown> } };
  };
  config.agents.defaults["max_parallel_turns"] = 1;
  config.channel_list.maixcam.settings["rate_limit_per_sec"] = 1000;
  gateway = await startGatewayProcess({ binary, config, timeoutMs: 60_000, env });
  await gateway.stderr.waitFor("subscribed", 30_000);
  idleMqtt = readMemory(gateway.pid);
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  gateway?.dispose();
  await llm?.stop();
  await broker?.dispose();
});

async function picoTraffic(): Promise<number> {
  const url = `ws://127.0.0.1:${port}/pico/ws`;
  let replies = 0;
  await Promise.all(
    Array.from({ length: PICO_CLIENTS }, async (_, c) => {
      const client = await PicoClient.connect(url, token, `budget-${c}`);
      for (let i = 0; i < PICO_PER_CLIENT; i++) {
        const reply = await client.ask(`pico ${c}/${i}`);
        if (reply === `echo: pico ${c}/${i}`) replies++;
      }
      await client.close();
    }),
  );
  return replies;
}

async function maixcamTraffic(): Promise<number> {
  const socket = tcpConnect(maixcamPort, "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  let buffer = "";
  let waiting: (() => void) | undefined;
  let replies = 0;
  socket.on("data", (chunk) => {
    buffer += chunk.toString();
    let newline = buffer.indexOf("\n");
    while (newline >= 0) {
      const frame = JSON.parse(buffer.slice(0, newline)) as { type: string };
      buffer = buffer.slice(newline + 1);
      if (frame.type === "command") {
        replies++;
        waiting?.();
      }
      newline = buffer.indexOf("\n");
    }
  });
  for (let i = 0; i < MAIXCAM_MESSAGES; i++) {
    const next = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    socket.write(
      `{"type":"person_detected","timestamp":${i},"data":{"class_name":"person","score":0.9,"x":${i},"y":1,"w":2,"h":3}}\n`,
    );
    await next;
  }
  socket.destroy();
  return replies;
}

async function mqttTraffic(url: string): Promise<number> {
  let replies = 0;
  await Promise.all(
    Array.from({ length: MQTT_CLIENTS }, async (_, c) => {
      const client = await mqtt.connectAsync(url, { clientId: `budget-device-${c}` });
      const responses: string[] = [];
      let waiting: (() => void) | undefined;
      client.on("message", (_topic, payload) => {
        responses.push((JSON.parse(payload.toString()) as { text: string }).text);
        waiting?.();
      });
      await client.subscribeAsync(`/picoclaw/budget/dev${c}/response`, { qos: 1 });
      for (let i = 0; i < MQTT_PER_CLIENT; i++) {
        const next = new Promise<void>((resolve) => {
          waiting = resolve;
        });
        await client.publishAsync(
          `/picoclaw/budget/dev${c}/request`,
          JSON.stringify({ text: `mqtt ${c}/${i}` }),
          { qos: 1 },
        );
        await next;
      }
      replies += responses.filter((text) => text.startsWith("echo: mqtt")).length;
      await client.endAsync();
    }),
  );
  return replies;
}

describe("memory budget (compiled binary, Pico + MaixCam + MQTT)", () => {
  test("idle (Pico + MaixCam) VmRSS and RssAnon are within the board budget", () => {
    if (!budgetBoard) throw new Error("boards/raspberry-pi-zero-2w/board.json is missing");
    const { idle_rss, idle_anon } = budgetBoard.budget_mb;
    console.error(`memory: idle ${figures(idle)}; budget VmRSS ${idle_rss} MB, RssAnon ${idle_anon} MB`);
    expect(idle.rssMb).toBeLessThanOrEqual(idle_rss);
    expect(idle.anonMb).toBeLessThanOrEqual(idle_anon);
  });

  test(`MQTT connected adds at most ${TARGETS.mqttPlusMb} MB to idle VmRSS`, () => {
    console.error(`memory: idle with MQTT connected ${figures(idleMqtt)}`);
    expect(idleMqtt.rssMb - idle.rssMb).toBeLessThanOrEqual(TARGETS.mqttPlusMb);
  });

  test("after 2,000 messages across the channels every one is answered and memory stays within budget", async () => {
    if (!budgetBoard || !broker) throw new Error("setup failed");
    const [pico, maixcam, mqttReplies] = await Promise.all([
      picoTraffic(),
      maixcamTraffic(),
      mqttTraffic(broker.url),
    ]);
    expect(pico).toBe(PICO_CLIENTS * PICO_PER_CLIENT);
    expect(maixcam).toBe(MAIXCAM_MESSAGES);
    expect(mqttReplies).toBe(MQTT_CLIENTS * MQTT_PER_CLIENT);
    const after = readMemory(gateway.pid);
    console.error(
      `memory: after 2,000 messages ${figures(after)}; budget VmRSS ${budgetBoard.budget_mb.load_rss} MB, VmHWM ${budgetBoard.budget_mb.load_hwm} MB`,
    );
    expect(after.rssMb).toBeLessThanOrEqual(budgetBoard.budget_mb.load_rss);
    expect(after.hwmMb).toBeLessThanOrEqual(budgetBoard.budget_mb.load_hwm);
  }, 300_000);
});

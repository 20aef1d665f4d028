/**
 * Reflex rules from the compiled binary, with the fake LLM and a real mosquitto: a MaixCam detection
 * over TCP sends a message to a Pico client and publishes to MQTT without an LLM request, at most once
 * per cooldown; an MQTT event fires a message and a tool; events no rule consumes still reach the LLM.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { watch } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import mqtt from "mqtt";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { type Mosquitto, startMosquitto } from "./helpers/mosquitto.ts";
import { PicoClient } from "./helpers/pico-client.ts";

const token = "reflex-token-0123456789";
let llm: FakeLlmServer;
let broker: Mosquitto | undefined;
let gateway: GatewayProcess;
let home = "";
let port = 0;
let maixcamPort = 0;

const rules = [
  {
    name: "door-person",
    trigger: { type: "maixcam", class: "person", min_score: 0.8 },
    action: { type: "send", channel: "pico", chat_id: "pico:door", text: "Person at the door ({score})" },
    cooldown_seconds: 3600,
    consume: true,
  },
  {
    trigger: { type: "maixcam", class: "person", min_score: 0.8 },
    action: {
      type: "mqtt_publish",
      topic: "home/door/alarm",
      payload: '{"class":"{class}","score":{score}}',
    },
    cooldown_seconds: 3600,
    consume: true,
  },
  {
    trigger: { type: "mqtt", topic: "home/+/button", payload: { field: "pressed", value: true } },
    action: { type: "send", channel: "pico", chat_id: "pico:door", text: "Button {topic}" },
  },
  {
    trigger: { type: "mqtt", topic: "home/note/#" },
    action: { type: "tool", tool: "write_file", args: { path: "reflex-note.txt", content: "{payload}" } },
  },
];

beforeAll(async () => {
  broker = await startMosquitto();
  if (!broker) throw new Error("mosquitto is required (apt-get install mosquitto)");
  llm = startFakeOpenAI();
  port = await freePort();
  maixcamPort = await freePort();
  home = mkdtempSync(join(tmpdir(), "picoclaw-reflex-e2e-"));
  const config = {
    ...testConfig({
      llmUrl: llm.url,
      gatewayPort: port,
      maixcamPort,
      token,
      extraChannels: {
        mqtt: {
          enabled: true,
          type: "mqtt",
          allow_from: ["*"],
          settings: { broker: broker.url, agent_id: "rx" },
        },
      },
    }),
    reflex: { rules },
  };
  gateway = await startGatewayProcess({ config, home, binary: await compiledGateway(), timeoutMs: 60_000 });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await llm?.stop();
  await broker?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Newline-delimited command frames from the gateway to a camera. */
function openCamera(): Promise<{ socket: Socket; next(): Promise<string> }> {
  const socket = connect(maixcamPort, "127.0.0.1");
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffer = "";
  socket.on("data", (chunk) => {
    buffer += chunk.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const message = (JSON.parse(buffer.slice(0, i)) as { message: string }).message;
      buffer = buffer.slice(i + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(message);
      else lines.push(message);
    }
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) return resolve(line);
      const timer = setTimeout(() => reject(new Error("no command for the camera")), 20_000);
      waiters.push((l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve({ socket, next }));
    socket.once("error", reject);
  });
}

/** Resolves once `path` exists (watching its folder; no polling). */
async function fileAppears(path: string, timeoutMs = 20_000): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const events = watch(dirname(path), { signal });
    if (existsSync(path)) return;
    for await (const _event of events) if (existsSync(path)) return;
  } catch (error) {
    if (!signal.aborted) throw error;
  }
  if (!existsSync(path)) throw new Error(`${path} did not appear`);
}

const detection = (className: string, score: number) =>
  `{"type":"person_detected","timestamp":1,"data":{"class_name":"${className}","score":${score},"x":1,"y":2,"w":3,"h":4}}\n`;

test("a detection fires both reflexes once per cooldown, without the LLM", async () => {
  const pico = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "door");
  const watcher = await mqtt.connectAsync(broker?.url ?? "", { clientId: "rx-watcher" });
  const alarms: string[] = [];
  const firstAlarm = new Promise<void>((resolve) =>
    watcher.on("message", (_topic, payload) => {
      alarms.push(payload.toString());
      resolve();
    }),
  );
  await watcher.subscribeAsync("home/door/alarm", { qos: 1 });
  const camera = await openCamera();

  const reflexed = pico.nextReply(20_000);
  camera.socket.write(detection("person", 0.9));
  expect(await reflexed).toBe("Person at the door (0.9)");
  await firstAlarm;
  expect(JSON.parse(alarms[0] ?? "")).toEqual({ class: "person", score: 0.9 });

  // Within the cooldown: no second message or alarm. A cat is no rule's event, so it goes to the
  // LLM; its reply arriving shows the camera's earlier frames were all handled.
  camera.socket.write(detection("person", 0.95));
  camera.socket.write(detection("cat", 0.95));
  expect(await camera.next()).toContain("echo: 📷 Person detected!\nClass: cat");
  expect(llm.requests).toHaveLength(1);
  expect(JSON.stringify(llm.requests[0]?.body)).toContain("Class: cat");
  expect(alarms).toHaveLength(1);
  const picoReplies = pico.frames.filter(
    (f) => f.type === "message.create" && f.payload?.["placeholder"] !== true,
  );
  expect(picoReplies).toHaveLength(1);

  camera.socket.destroy();
  await watcher.endAsync();
  await pico.close();
}, 60_000);

test("an MQTT event matching a payload field sends a message and another runs a tool", async () => {
  const pico = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "door");
  const device = await mqtt.connectAsync(broker?.url ?? "", { clientId: "rx-device" });
  const reply = pico.nextReply(20_000);
  await device.publishAsync("home/hall/button", '{"pressed":false}', { qos: 1 });
  await device.publishAsync("home/hall/button", '{"pressed":true}', { qos: 1 });
  expect(await reply).toBe("Button home/hall/button");

  await device.publishAsync("home/note/kitchen", "milk", { qos: 1 });
  const note = join(home, "workspace", "reflex-note.txt");
  await fileAppears(note);
  expect(readFileSync(note, "utf8")).toBe("milk");
  const creates = pico.frames.filter((f) => f.type === "message.create");
  expect(creates.map((f) => f.payload?.["content"])).toEqual(["Button home/hall/button"]);
  await device.endAsync();
  await pico.close();
}, 60_000);

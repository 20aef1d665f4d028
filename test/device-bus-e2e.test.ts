/**
 * MQTT as a device bus from the compiled binary, with a real mosquitto and the fake LLM: Home
 * Assistant discovery configs retained on the broker, availability "online" then "offline" by the
 * last will after SIGKILL, a device event reaching the LLM as an inbound message (and its reply on
 * the events response topic) unless a reflex rule consumes it, and tool commands answered on the reply topic (v3 reply topic and
 * MQTT v5 response topic with correlation data), errors included.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { type Mosquitto, startMosquitto } from "./helpers/mosquitto.ts";
import { type TopicWatch, watchTopics } from "./helpers/topic-watch.ts";

let llm: FakeLlmServer;
let broker: Mosquitto;
let gateway: GatewayProcess;
let home = "";
const base = "/picoclaw/dev";

beforeAll(async () => {
  const started = await startMosquitto();
  if (!started) throw new Error("mosquitto is required (apt-get install mosquitto)");
  broker = started;
  llm = startFakeOpenAI();
  home = mkdtempSync(join(tmpdir(), "picoclaw-devbus-e2e-"));
  mkdirSync(join(home, "workspace"), { recursive: true });
  writeFileSync(join(home, "workspace", "note.txt"), "buy milk");
  const config = {
    ...testConfig({
      llmUrl: llm.url,
      gatewayPort: await freePort(),
      maixcamPort: await freePort(),
      token: "devbus-token-0123456789",
      extraChannels: {
        mqtt: {
          enabled: true,
          type: "mqtt",
          allow_from: ["*"],
          settings: {
            broker: broker.url,
            agent_id: "dev",
            home_assistant: { enabled: true, node_id: "kitchen" },
            event_topics: ["home/+/sensor"],
            tool_commands: { tools: ["read_file"] },
          },
        },
      },
    }),
    reflex: {
      rules: [
        {
          trigger: { type: "mqtt", topic: "home/+/sensor", payload: { field: "alarm", value: true } },
          action: { type: "mqtt_publish", topic: "home/siren", payload: "{topic}" },
          consume: true,
        },
      ],
    },
  };
  gateway = await startGatewayProcess({ config, home, binary: await compiledGateway(), timeoutMs: 60_000 });
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await llm?.stop();
  await broker?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

test("discovery configs and availability are retained on the broker", async () => {
  const ha = await watchTopics(broker.url, [
    "homeassistant/#",
    `${base}/availability`,
    `${base}/channel/+/state`,
  ]);
  const gatewayConfig = await ha.next("homeassistant/binary_sensor/kitchen/gateway/config");
  expect(gatewayConfig.retain).toBe(true);
  expect(json(gatewayConfig.payload)).toMatchObject({
    unique_id: "picoclaw_kitchen_gateway",
    device_class: "connectivity",
    state_topic: `${base}/availability`,
    availability_topic: `${base}/availability`,
    payload_available: "online",
    payload_not_available: "offline",
    device: { identifiers: ["picoclaw_kitchen"], manufacturer: "PicoClaw" },
  });
  for (const channel of ["pico", "maixcam", "mqtt"]) {
    const entity = await ha.next(`homeassistant/binary_sensor/kitchen/channel_${channel}/config`);
    expect(json(entity.payload)).toMatchObject({ state_topic: `${base}/channel/${channel}/state` });
  }
  const button = await ha.next("homeassistant/button/kitchen/tool_read_file/config");
  expect(json(button.payload)).toMatchObject({ command_topic: `${base}/tool/read_file/call` });
  expect((await ha.next(`${base}/availability`)).payload).toBe("online");
  const mqttState = await ha.next(`${base}/channel/mqtt/state`, (m) => m.payload === "ON");
  expect(mqttState.retain).toBe(true);
  await ha.close();
}, 60_000);

test("a device event reaches the LLM as a structured inbound message", async () => {
  const watch = await watchTopics(broker.url, [`${base}/events/response`, "home/siren"]);
  // A reflex rule consumes this one: the siren sounds and the LLM never sees it.
  await watch.client.publishAsync("home/hall/sensor", '{"alarm":true}', { qos: 1 });
  expect((await watch.next("home/siren")).payload).toBe("home/hall/sensor");
  await watch.client.publishAsync("home/kitchen/sensor", '{"temp":21.5}', { qos: 1 });
  await watch.client.publishAsync("home/kitchen/other", '{"ignored":true}', { qos: 1 });
  const reply = await watch.next(`${base}/events/response`);
  const expected = { event: "mqtt", topic: "home/kitchen/sensor", payload: { temp: 21.5 } };
  expect(json(reply.payload)["text"]).toBe(`echo: ${JSON.stringify(expected)}`);
  expect(llm.requests).toHaveLength(1);
  expect(JSON.stringify(llm.requests[0]?.body)).not.toContain("ignored");
  expect(JSON.stringify(llm.requests[0]?.body)).not.toContain("alarm");
  await watch.close();
}, 60_000);

test("tool commands are answered on the reply topic, errors too", async () => {
  const result = `${base}/tool/read_file/result`;
  const watch: TopicWatch = await watchTopics(broker.url, [`${base}/tool/+/result`]);
  const call = (tool: string, payload: string) =>
    watch.client.publishAsync(`${base}/tool/${tool}/call`, payload, { qos: 1 });
  await call("read_file", '{"id":"c1","arguments":{"path":"note.txt"}}');
  const ok = json((await watch.next(result, (m) => json(m.payload)["id"] === "c1")).payload);
  expect(ok).toMatchObject({ id: "c1", tool: "read_file", ok: true });
  expect(String(ok["result"])).toContain("buy milk");

  await call("read_file", "{not json");
  const bad = json((await watch.next(result, (m) => json(m.payload)["ok"] === false)).payload);
  expect(bad).toEqual({ tool: "read_file", ok: false, error: "payload is not JSON" });

  await call("exec", '{"id":"c2","arguments":{"action":"run","command":"id"}}');
  const refused = json((await watch.next(`${base}/tool/exec/result`)).payload);
  expect(refused).toEqual({ id: "c2", tool: "exec", ok: false, error: 'tool "exec" is not exposed' });
  await watch.close();

  const v5 = await watchTopics(broker.url, ["app/replies/7"], { protocolVersion: 5 });
  await v5.client.publishAsync(`${base}/tool/read_file/call`, '{"path":"note.txt"}', {
    qos: 1,
    properties: { responseTopic: "app/replies/7", correlationData: Buffer.from("corr-7") },
  });
  const answer = await v5.next("app/replies/7");
  expect(answer.correlation).toBe("corr-7");
  expect(json(answer.payload)).toMatchObject({ tool: "read_file", ok: true });
  await v5.close();
}, 60_000);

test("SIGKILL leaves availability offline, by the last will", async () => {
  const before = await watchTopics(broker.url, [`${base}/availability`]);
  expect((await before.next(`${base}/availability`)).payload).toBe("online");
  await gateway.kill();
  await before.next(`${base}/availability`, (m) => m.payload === "offline");
  await before.close();
  const after = await watchTopics(broker.url, [`${base}/availability`]);
  const retained = await after.next(`${base}/availability`);
  expect(retained).toMatchObject({ payload: "offline", retain: true });
  await after.close();
}, 60_000);

/**
 * One gateway process, the fake LLM and a real mosquitto: Pico, MaixCam over TCP and WebSocket, MQTT and
 * the web page each get replies; garbage, truncated and oversized input closes only its own connection;
 * a 10 s broker outage loses no request; a reply to a MaixCam that disconnected arrives once when it comes
 * back, also across a gateway restart.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { launchChromium } from "./helpers/chromium.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { type Mosquitto, startMosquitto } from "./helpers/mosquitto.ts";
import { PicoClient } from "./helpers/pico-client.ts";

const token = "devices-token-0123456789";
let llm: FakeLlmServer;
let broker: Mosquitto | undefined;
let gateway: GatewayProcess;
let config: Record<string, unknown>;
let home = "";
let port = 0;
let maixcamPort = 0;

/** A MaixCam device over TCP that collects newline-delimited command frames. */
class Camera {
  readonly commands: string[] = [];
  readonly closed: Promise<void>;
  #waiters: (() => void)[] = [];
  #buffer = "";
  readonly socket: Socket;
  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.on("data", (chunk) => {
      this.#buffer += chunk.toString();
      let newline = this.#buffer.indexOf("\n");
      while (newline >= 0) {
        this.commands.push((JSON.parse(this.#buffer.slice(0, newline)) as { message: string }).message);
        this.#buffer = this.#buffer.slice(newline + 1);
        for (const wake of this.#waiters.splice(0)) wake();
        newline = this.#buffer.indexOf("\n");
      }
    });
    socket.on("error", () => {});
  }
  static open(): Promise<Camera> {
    const socket = connect(maixcamPort, "127.0.0.1");
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(new Camera(socket)));
      socket.once("error", reject);
    });
  }
  detect(x: number): void {
    this.socket.write(
      `{"type":"person_detected","timestamp":1,"data":{"class_name":"person","score":0.5,"x":${x},"y":2,"w":3,"h":4}}\n`,
    );
  }
  async waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.commands.length < count) {
      if (Date.now() > deadline) throw new Error(`camera got ${this.commands.length} of ${count} commands`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
    }
  }
}

beforeAll(async () => {
  broker = await startMosquitto();
  if (!broker) throw new Error("mosquitto is required (apt-get install mosquitto)");
  llm = startFakeOpenAI();
  port = await freePort();
  maixcamPort = await freePort();
  home = mkdtempSync(join(tmpdir(), "picoclaw-devices-"));
  config = testConfig({
    llmUrl: llm.url,
    gatewayPort: port,
    maixcamPort,
    token,
    extraChannels: {
      mqtt: {
        enabled: true,
        type: "mqtt",
        allow_from: ["*"],
        settings: { broker: broker.url, agent_id: "e2e", qos: 1, client_id: "picoclaw-e2e" },
      },
    },
  });
  gateway = await startGatewayProcess({ config, home });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await llm?.stop();
  await broker?.dispose();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("device channels through one gateway", () => {
  test("Pico, MaixCam TCP, MaixCam WebSocket and MQTT each get a reply", async () => {
    const pico = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "devices");
    expect(await pico.ask("from pico")).toBe("echo: from pico");

    const camera = await Camera.open();
    camera.detect(7);
    await camera.waitFor(1);
    expect(camera.commands[0]).toContain("Position: (7, 2)");

    const ws = new WebSocket(`ws://127.0.0.1:${port}/maixcam/ws`);
    await new Promise((resolve) => ws.addEventListener("open", resolve));
    const wsReply = new Promise<string>((resolve) =>
      ws.addEventListener("message", (e) => resolve(String(e.data))),
    );
    ws.send(
      '{"type":"person_detected","timestamp":2,"data":{"class_name":"cat","score":0.25,"x":1,"y":1,"w":1,"h":1}}',
    );
    const frame = JSON.parse(await wsReply) as { type: string; message: string };
    expect(frame.type).toBe("command");
    expect(frame.message).toContain("Class: cat");

    const device = await mqtt.connectAsync(broker?.url ?? "", { clientId: "e2e-device" });
    const answer = new Promise<string>((resolve) =>
      device.on("message", (_t, payload) => resolve(payload.toString())),
    );
    await device.subscribeAsync("/picoclaw/e2e/dev1/response", { qos: 1 });
    await device.publishAsync("/picoclaw/e2e/dev1/request", JSON.stringify({ text: "from mqtt" }), {
      qos: 1,
    });
    expect(JSON.parse(await answer)).toEqual({ text: "echo: from mqtt" });
    await device.endAsync();
    ws.close();
    camera.socket.destroy();
    await pico.close();
  });

  test("the web page served by the gateway gets a reply in headless Chromium", async () => {
    const profile = mkdtempSync(join(tmpdir(), "picoclaw-chromium-"));
    const context = await launchChromium(profile).catch((error: unknown) => {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    });
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/#token=${token}`);
      await page.locator("#state", { hasText: /^connected$/ }).waitFor();
      await page.locator("#input").fill("from the browser");
      await page.keyboard.press("Enter");
      await page
        .locator(".msg.assistant", { hasText: "echo: from the browser" })
        .waitFor({ timeout: 20_000 });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);

  test("garbage, truncated and oversized input closes only its own connection", async () => {
    const healthy = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "healthy");
    const oversized = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "big");
    (oversized as unknown as { send(c: string): void }).send("x".repeat(2 * 1024 * 1024));
    expect(await oversized.closed).toBe(1009);

    const garbageCamera = await Camera.open();
    garbageCamera.socket.write("{{{ this is not json\n");
    await garbageCamera.closed;
    const truncatedCamera = await Camera.open();
    truncatedCamera.socket.end('{"type":"person_detected","data":{"x":');
    await truncatedCamera.closed;
    const bigCamera = await Camera.open();
    bigCamera.socket.write(`{"type":"status","data":{"pad":"${"y".repeat(200_000)}"}}`);
    await bigCamera.closed;

    const ws = new WebSocket(`ws://127.0.0.1:${port}/maixcam/ws`);
    await new Promise((resolve) => ws.addEventListener("open", resolve));
    const wsClosed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.send("]]] garbage");
    await wsClosed;

    const device = await mqtt.connectAsync(broker?.url ?? "", { clientId: "garbage-device" });
    const answers: string[] = [];
    const answered = new Promise<void>((resolve) =>
      device.on("message", (_t, payload) => {
        answers.push(payload.toString());
        resolve();
      }),
    );
    await device.subscribeAsync("/picoclaw/e2e/dev2/response", { qos: 1 });
    await device.publishAsync("/picoclaw/e2e/dev2/request", "not json at all", { qos: 1 });
    await device.publishAsync("/picoclaw/e2e/dev2/request", JSON.stringify({ text: "still there?" }), {
      qos: 1,
    });
    await answered;
    expect(answers).toEqual([JSON.stringify({ text: "echo: still there?" })]);
    await device.endAsync();

    expect(await healthy.ask("still serving")).toBe("echo: still serving");
    const camera = await Camera.open();
    camera.detect(9);
    await camera.waitFor(1);
    camera.socket.destroy();
    await healthy.close();
  });

  test("a 10 s broker outage loses no request", async () => {
    if (!broker) throw new Error("no broker");
    const device = await mqtt.connectAsync(broker.url, {
      clientId: "outage-device",
      clean: false,
      reconnectPeriod: 500,
    });
    const answers: string[] = [];
    let wake: () => void = () => {};
    device.on("message", (_t, payload) => {
      answers.push((JSON.parse(payload.toString()) as { text: string }).text);
      wake();
    });
    await device.subscribeAsync("/picoclaw/e2e/dev3/response", { qos: 1 });
    await broker.stop();
    // The device keeps the QoS 1 request in its own queue while the broker is down.
    void device.publishAsync(
      "/picoclaw/e2e/dev3/request",
      JSON.stringify({ text: "sent during the outage" }),
      { qos: 1 },
    );
    await Bun.sleep(10_000); // the outage itself: the scenario is "the broker is gone for 10 s"
    await broker.start();
    const deadline = Date.now() + 30_000;
    while (answers.length === 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
    expect(answers).toEqual(["echo: sent during the outage"]);
    await device.endAsync();
  }, 60_000);

  test("a reply to a disconnected MaixCam arrives once after it reconnects, also across a gateway restart", async () => {
    // 1. Reconnect while the gateway keeps running.
    llm.push({ kind: "text", text: "late reply one", delayMs: 800 });
    const first = await Camera.open();
    first.detect(1);
    await llm.received(llm.requests.length + 1);
    first.socket.destroy();
    const back = await Camera.open();
    await back.waitFor(1);
    expect(back.commands).toEqual(["late reply one"]);

    // 2. The reply is pending in the outbox when the gateway stops; it is delivered after the restart.
    back.socket.destroy();
    llm.push({ kind: "text", text: "late reply two", delayMs: 800 });
    const second = await Camera.open();
    second.detect(2);
    await llm.received(llm.requests.length + 1);
    second.socket.destroy();
    await second.closed;
    const stopped = await gateway.stop();
    expect(stopped).toBe(0);
    gateway = await startGatewayProcess({ config, home });
    const afterRestart = await Camera.open();
    await afterRestart.waitFor(1);
    expect(afterRestart.commands).toEqual(["late reply two"]);
    // Once, not twice: a second reconnect gets nothing more.
    afterRestart.socket.destroy();
    const again = await Camera.open();
    const pico = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "probe");
    expect(await pico.ask("sync point")).toBe("echo: sync point");
    expect(again.commands).toEqual([]);
    again.socket.destroy();
    await pico.close();
  }, 60_000);
});

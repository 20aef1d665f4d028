/**
 * The compiled gateway with its MaixCam port still held by another process (as when the previous gateway
 * is slow to exit): the gateway starts with Pico, reports MaixCam as not ready, starts it again once the
 * port is free, and the camera then gets its reply.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect, createServer, type Server } from "node:net";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { compiledGateway } from "./helpers/compile-binary.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";

let llm: FakeLlmServer;
let gateway: GatewayProcess;
let holder: Server;
let port = 0;
let maixcamPort = 0;

function listen(server: Server, at: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(at, "127.0.0.1", () => resolve());
  });
}

/** Sends one detection over TCP and resolves with the first newline-terminated frame the gateway sends. */
function cameraExchange(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(maixcamPort, "127.0.0.1");
    let buffer = "";
    socket.once("error", reject);
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf("\n");
      if (newline < 0) return;
      socket.destroy();
      resolve(buffer.slice(0, newline));
    });
    socket.once("connect", () =>
      socket.write(
        '{"type":"person_detected","timestamp":1,"data":{"class_name":"person","score":0.9,"x":1,"y":2,"w":3,"h":4}}\n',
      ),
    );
  });
}

beforeAll(async () => {
  const binary = await compiledGateway();
  llm = startFakeOpenAI();
  port = await freePort();
  maixcamPort = await freePort();
  holder = createServer();
  await listen(holder, maixcamPort);
  const config = testConfig({
    llmUrl: llm.url,
    gatewayPort: port,
    maixcamPort,
    token: "restart-token-0123456789",
  });
  gateway = await startGatewayProcess({ config, binary });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  gateway?.dispose();
  holder?.close();
  await llm?.stop();
});

describe("a channel that cannot start yet", () => {
  test("is reported, started again once its port is free, and then answers", async () => {
    await gateway.stderr.waitFor(/channel failed to start.*"channel":"maixcam"/, 10_000);
    const before = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(before.status).toBe(503);
    const checks = ((await before.json()) as { checks: Record<string, { status: string; message?: string }> })
      .checks;
    expect(checks["channel:pico"]?.status).toBe("ok");
    expect(checks["channel:maixcam"]?.message).toStartWith("start failed:");

    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await gateway.stderr.waitFor(/channel started.*"channel":"maixcam"/, 15_000);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    const frame = JSON.parse(await cameraExchange()) as { type?: string; message?: string };
    expect(frame.message).toBeString();
    expect(llm.requests.length).toBeGreaterThan(0);
  }, 60_000);
});

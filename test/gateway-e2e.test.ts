/**
 * The gateway as users run it (`picoclaw gateway` from the source), with the fake LLM: health and
 * readiness, a Pico reply, a MaixCam TCP detection answered, the web page served, SIGTERM exits 0.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import type { FakeLlmServer } from "./fakes/openai-server.ts";
import { startFakeOpenAI } from "./fakes/openai-server.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { PicoClient } from "./helpers/pico-client.ts";

let llm: FakeLlmServer;
let gateway: GatewayProcess;
let port = 0;
let maixcamPort = 0;
const token = "e2e-token-0123456789";

beforeAll(async () => {
  llm = startFakeOpenAI();
  port = await freePort();
  maixcamPort = await freePort();
  gateway = await startGatewayProcess({
    config: testConfig({ llmUrl: llm.url, gatewayPort: port, maixcamPort, token }),
  });
});

afterAll(async () => {
  await gateway?.stop();
  gateway?.dispose();
  await llm?.stop();
});

describe("picoclaw gateway (end to end)", () => {
  test("answers /health and /ready with PicoClaw's JSON shapes", async () => {
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as Record<string, unknown>;
    expect(health["status"]).toBe("ok");
    expect(health["pid"]).toBe(gateway.pid);
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as Record<string, unknown>)["status"]).toBe("ready");
  });

  test("a Pico client gets the model's reply", async () => {
    const client = await PicoClient.connect(`ws://127.0.0.1:${port}/pico/ws`, token, "e2e-session");
    expect(await client.ask("hello gateway")).toBe("echo: hello gateway");
    await client.close();
    const sent = llm.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages[0]?.role).toBe("system");
    expect(sent.messages.at(-1)).toMatchObject({ role: "user", content: "hello gateway" });
  });

  test("a MaixCam detection over TCP is answered with a command frame", async () => {
    const socket = connect(maixcamPort, "127.0.0.1");
    let received = "";
    const reply = new Promise<string>((resolve) => {
      socket.on("data", (chunk) => {
        received += chunk.toString();
        if (received.includes("\n")) resolve(received.trim());
      });
    });
    socket.write(
      '{"type":"person_detected","timestamp":1718000000.5,"data":{"class_name":"person","class_id":0,"score":0.92,"x":120,"y":80,"w":64,"h":128}}',
    );
    const frame = JSON.parse(await reply) as Record<string, unknown>;
    socket.destroy();
    expect(frame["type"]).toBe("command");
    expect(frame["chat_id"]).toBe("default");
    expect(String(frame["message"])).toContain("Person detected!");
    expect(String(frame["message"])).toContain("Confidence: 92.00%");
  });

  test("serves the web chat page at /", async () => {
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/pico/ws");
  });

  test("SIGTERM drains and exits 0", async () => {
    expect(await gateway.stop()).toBe(0);
    expect(gateway.stdout.lines.join("\n")).toContain("✓ Gateway started on 127.0.0.1:");
  });
});

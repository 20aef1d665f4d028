/**
 * Streaming end to end: with streaming enabled on the model (model_list[].streaming) and on the Pico
 * channel (its default), the reply appears as one message that is created and then updated, and the final
 * text updates that same message; it never arrives a second time as a new message.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";

const token = "stream-token-0123456789";
let llm: FakeLlmServer;
let gateway: GatewayProcess;
let port = 0;

beforeAll(async () => {
  llm = startFakeOpenAI();
  port = await freePort();
  const config = testConfig({ llmUrl: llm.url, gatewayPort: port, maixcamPort: await freePort(), token }) as {
    model_list: Record<string, unknown>[];
    channel_list: Record<string, Record<string, unknown>>;
  };
  (config.model_list[0] as Record<string, unknown>)["streaming"] = { enabled: true };
  (config.channel_list["pico"] as Record<string, unknown>)["placeholder"] = { enabled: true };
  (config.channel_list["pico"] as Record<string, unknown>)["typing"] = { enabled: true };
  gateway = await startGatewayProcess({ config });
});

afterAll(async () => {
  await gateway?.stop();
  gateway?.dispose();
  await llm?.stop();
});

test("a streamed reply is one message, created then updated to the final text", async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/pico/ws?session_id=stream`, [`token.${token}`]);
  await new Promise((resolve) => ws.addEventListener("open", resolve));
  const frames: { type: string; payload?: Record<string, unknown> }[] = [];
  const done = new Promise<void>((resolve) =>
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(String(event.data)) as { type: string; payload?: Record<string, unknown> };
      frames.push(frame);
      if (frame.type === "typing.stop") resolve();
    }),
  );
  ws.send(JSON.stringify({ type: "message.send", id: "s1", payload: { content: "stream me please" } }));
  await done;
  ws.close();

  expect((llm.requests[0]?.body as { stream?: boolean } | undefined)?.stream).toBe(true);
  const final = "echo: stream me please";
  const withText = frames.filter(
    (f) => f.payload?.["placeholder"] !== true && typeof f.payload?.["content"] === "string",
  );
  const streamId = withText[0]?.payload?.["message_id"];
  expect(withText[0]?.type).toBe("message.create");
  expect(String(withText[0]?.payload?.["content"]).length).toBeLessThan(final.length);
  // Every text frame after the first updates the same message, ending with the whole reply.
  for (const frame of withText.slice(1)) {
    expect(frame.type).toBe("message.update");
    expect(frame.payload?.["message_id"]).toBe(streamId);
  }
  expect(withText.at(-1)?.payload?.["content"]).toBe(final);
  expect(frames.filter((f) => f.type === "message.create" && f.payload?.["content"] === final)).toEqual([]);
  // The placeholder made way for the streamed message.
  const placeholder = frames.find((f) => f.payload?.["placeholder"] === true);
  expect(placeholder).toBeDefined();
  expect(
    frames.some(
      (f) =>
        f.type === "message.delete" && f.payload?.["message_id"] === placeholder?.payload?.["message_id"],
    ),
  ).toBe(true);
});

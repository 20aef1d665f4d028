/**
 * Telegram streaming and the command menu end to end: `picoclaw gateway` from the source against the
 * fake Bot API and a streaming fake LLM. With settings.streaming.enabled the reply is sent once and then
 * edited as it grows, the last edit carrying the whole text; a reply longer than one message goes on
 * in a second one. At start the bot's command menu is set from the gateway's commands.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { type FakeTelegram, startFakeTelegram } from "./fakes/telegram-bot-api.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";

let llm: FakeLlmServer;
let telegram: FakeTelegram;
let gateway: GatewayProcess;

beforeAll(async () => {
  llm = startFakeOpenAI();
  telegram = await startFakeTelegram({ maxHoldMs: 1000 });
  const config = testConfig({
    llmUrl: llm.url,
    gatewayPort: await freePort(),
    maixcamPort: await freePort(),
    token: "tg-stream-token-0123456789",
    extraChannels: {
      telegram: {
        enabled: true,
        type: "telegram",
        allow_from: ["*"],
        settings: { token: telegram.token, base_url: telegram.baseUrl, streaming: { enabled: true } },
      },
    },
  });
  (config["model_list"] as Record<string, unknown>[])[0] = {
    ...(config["model_list"] as Record<string, unknown>[])[0],
    streaming: { enabled: true },
  };
  gateway = await startGatewayProcess({ config });
});

afterAll(async () => {
  await gateway?.stop();
  gateway?.dispose();
  await telegram?.stop();
  await llm?.stop();
});

const sent = (chatId: number) =>
  telegram.callsTo("sendMessage").filter((c) => c.params["chat_id"] === chatId);
const edits = (chatId: number) =>
  telegram.callsTo("editMessageText").filter((c) => c.params["chat_id"] === chatId);

describe("telegram streaming (end to end)", () => {
  test("the command menu is set at start from the gateway's commands", async () => {
    const call = await telegram.waitForCall((c) => c.method === "setMyCommands", 10_000);
    const commands = call.params["commands"] as { command: string; description: string }[];
    expect(commands.map((c) => c.command)).toEqual(["start", "help", "stop", "clear", "btw"]);
    expect(commands.find((c) => c.command === "help")?.description).toBe("Show this help message");
  });

  test("a streamed reply is one message, edited as it grows; the last edit has the whole text", async () => {
    const text = "Streaming replies arrive piece by piece on Telegram.";
    llm.push({ kind: "text", text });
    telegram.pushMessage({ chatId: 501, text: "stream please" });
    await telegram.waitForCall(
      (c) => c.method === "editMessageText" && c.params["chat_id"] === 501 && c.params["text"] === text,
      10_000,
    );
    expect(sent(501)).toHaveLength(1);
    expect(String(sent(501)[0]?.params["text"])).toBe(text.slice(0, Math.ceil(text.length / 2)));
    const firstId = (telegram.chat(501)[0] as { messageId: number }).messageId;
    expect(edits(501).length).toBeGreaterThan(0);
    expect(edits(501).every((c) => c.params["message_id"] === firstId)).toBe(true);
    expect(telegram.chat(501).map((m) => m.text)).toEqual([text]);
  });

  test("a reply past the message limit goes on in a second message", async () => {
    const text = `${"a".repeat(3000)} ${"b".repeat(3000)}`;
    llm.push({ kind: "text", text });
    telegram.pushMessage({ chatId: 502, text: "long one" });
    // The second message is created by a stream chunk; only the final reply's second piece edits it.
    const first = await telegram.waitForCall(
      (c) => c.method === "sendMessage" && c.params["chat_id"] === 502,
    );
    const firstId = (telegram.chat(502)[0] as { messageId: number }).messageId;
    await telegram.waitForCall(
      (c) =>
        c.method === "editMessageText" && c.params["chat_id"] === 502 && c.params["message_id"] !== firstId,
      10_000,
    );
    expect(String(first.params["text"]).length).toBeLessThan(text.length);
    const chat = telegram.chat(502).map((m) => m.text);
    expect(chat).toHaveLength(2);
    expect(chat.every((piece) => piece.length <= 4096)).toBe(true);
    expect(chat.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
    expect(sent(502)).toHaveLength(2);
  });
});

/**
 * Nothing promised is lost: a gateway killed with SIGKILL right after its replies arrived still has
 * every line of those turns in the session file, and after a restart the model sees them as history.
 */
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSessionStore } from "../src/agent/session/session-store.ts";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";
import { freePort } from "./helpers/free-port.ts";
import { type GatewayProcess, startGatewayProcess, testConfig } from "./helpers/gateway-process.ts";
import { PicoClient } from "./helpers/pico-client.ts";

const TOKEN = "durable-token-0123456789";
let llm: FakeLlmServer | undefined;
let gateway: GatewayProcess | undefined;
let home = "";

afterEach(async () => {
  await gateway?.kill();
  gateway = undefined;
  await llm?.stop();
  llm = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

function messagesOf(body: unknown): { role: string; content: string }[] {
  return (body as { messages: { role: string; content: string }[] }).messages;
}

test("SIGKILL right after the replies: the turns are in the session file and the next start sees them", async () => {
  llm = startFakeOpenAI();
  home = mkdtempSync(join(tmpdir(), "picoclaw-durable-"));
  const port = await freePort();
  const config = testConfig({
    llmUrl: llm.url,
    gatewayPort: port,
    maixcamPort: await freePort(),
    token: TOKEN,
  });
  gateway = await startGatewayProcess({ config, home });
  const url = `ws://127.0.0.1:${port}/pico/ws`;
  // Several chats at once, so their flushes are grouped.
  const chats = ["d1", "d2", "d3"];
  const clients = await Promise.all(chats.map((chat) => PicoClient.connect(url, TOKEN, chat)));
  expect(await Promise.all(clients.map((c, i) => c.ask(`keep ${chats[i]}`)))).toEqual(
    chats.map((chat) => `echo: keep ${chat}`),
  );
  expect(await gateway.kill()).toBe(-1);
  gateway = undefined;

  const store = createSessionStore(join(home, "workspace", "sessions"));
  const files = new Bun.Glob("*.jsonl").scanSync(join(home, "workspace", "sessions"));
  const texts = (await Promise.all([...files].map((f) => store.history(f.replace(/\.jsonl$/, ""))))).map(
    (h) => h.map((e) => e.message.content),
  );
  expect(texts.sort()).toEqual(chats.map((chat) => [`keep ${chat}`, `echo: keep ${chat}`]));

  gateway = await startGatewayProcess({ config, home });
  const again = await PicoClient.connect(url, TOKEN, "d2");
  expect(await again.ask("still there?")).toBe("echo: still there?");
  const sent = messagesOf(llm.requests.at(-1)?.body).map((m) => m.content);
  expect(sent.slice(1)).toEqual(["keep d2", "echo: keep d2", "still there?"]);
  await again.close();
  for (const client of clients) await client.close().catch(() => {});
}, 60_000);

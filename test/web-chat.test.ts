/**
 * The web chat page in headless Chromium against the real Pico channel: streamed reply, history
 * kept per session, the refused-token message, and the "unreachable" banner once the gateway stops.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import type { InboundMessage } from "../src/bus/message.ts";
import { createPicoChannel, type PicoChannel } from "../src/channels/pico/index.ts";
import { webChatHandler } from "../src/gateway/web-chat/index.ts";
import { createLogger } from "../src/lib/logger.ts";
import { bunPlatform } from "../src/platform/bun.ts";
import type { HttpHandler, HttpServer } from "../src/platform/platform.ts";
import { launchChromium, requireChromium } from "./helpers/chromium.ts";

const TOKEN = "web-chat-test-token";
let context: BrowserContext | undefined;
let profile = "";
let server: HttpServer | undefined;
let pico: PicoChannel | undefined;
/** Each inbound message is handed to the test, which scripts the reply. */
const inbound: { message: InboundMessage; resolve?: () => void }[] = [];
let onInbound: (message: InboundMessage) => void = () => {};

beforeAll(async () => {
  requireChromium();
  pico = createPicoChannel(
    {
      name: "pico",
      type: "pico",
      settings: { token: TOKEN },
      allow_from: [],
      group_trigger: {},
      typing: { enabled: false },
      placeholder: { enabled: false },
    },
    {
      platform: bunPlatform,
      log: createLogger("pico-test"),
      dataDir: tmpdir(),
      chatConnected: () => {},
      publish: async (message) => {
        inbound.push({ message });
        onInbound(message);
      },
    },
  );
  await pico.start(new AbortController().signal);
  const routes = new Map<string, HttpHandler>(pico.routes().map((r) => [r.path, r.handler]));
  const page = webChatHandler();
  server = await bunPlatform.serveHttp({
    host: "127.0.0.1",
    port: 0,
    handler: async (request, ctx) => {
      const path = new URL(request.url).pathname;
      if (path === "/") return page(request, ctx);
      const route = routes.get(path);
      return route ? route(request, ctx) : new Response("not found", { status: 404 });
    },
  });
  profile = mkdtempSync(join(tmpdir(), "picoclaw-chromium-"));
  context = await launchChromium(profile);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.stop(true);
  await pico?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server?.port}/`;

async function openPage(token: string): Promise<Page> {
  if (!context) throw new Error("no browser");
  const page = await context.newPage();
  await page.goto(`${base()}#token=${token}`);
  return page;
}

describe("web chat page", () => {
  test("serves a self-contained page with a strict CSP", async () => {
    const response = await fetch(base());
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(await response.text()).not.toMatch(/https?:\/\//);
    expect((await fetch(base(), { method: "POST" })).status).toBe(405);
  });

  test("sends a message and shows the placeholder turning into a streamed reply", async () => {
    if (!pico) throw new Error("the pico channel did not start");
    const channel = pico;
    const page = await openPage(TOKEN);
    await page.locator("#state", { hasText: /^connected$/ }).waitFor();
    const release = Promise.withResolvers<void>();
    onInbound = (message) => {
      const chatId = message.context.chatId;
      void (async () => {
        await channel.startTyping(chatId);
        const id = await channel.sendPlaceholder(chatId, "Thinking...");
        await release.promise;
        await channel.editMessage(chatId, id, "Hello");
        await channel.editMessage(chatId, id, "Hello there, human!");
        await channel.send({ context: { channel: "pico", chatId }, content: "scratch", id: "tmp-1" });
        await channel.deleteMessage(chatId, "tmp-1");
      })();
    };
    await page.locator("#input").fill("hi <b>bot</b>");
    await page.keyboard.press("Enter");
    await page.locator(".msg.assistant.placeholder", { hasText: "Thinking..." }).waitFor();
    await page.locator("#typing.show").waitFor();
    expect(inbound.at(-1)?.message.content).toBe("hi <b>bot</b>");
    release.resolve();
    await page.locator(".msg.assistant", { hasText: "Hello there, human!" }).waitFor();
    await page.locator(".msg.assistant", { hasText: "scratch" }).waitFor({ state: "detached" });
    expect(await page.locator(".msg.user").allTextContents()).toEqual(["hi <b>bot</b>"]);
    expect(await page.locator(".msg.assistant").allTextContents()).toEqual(["Hello there, human!"]);
    expect(await page.locator(".msg.placeholder").count()).toBe(0);

    const shot = process.env["WEB_CHAT_SCREENSHOT"] ?? join(profile, "web-chat.png");
    await page.screenshot({ path: shot });
    console.log(`web chat screenshot: ${shot}`);

    await page.reload();
    await page.locator(".msg.assistant", { hasText: "Hello there, human!" }).waitFor();
    expect(await page.locator(".msg").count()).toBe(2);
    await page.close();
  }, 30_000);

  test("tells the user when the token was refused", async () => {
    const page = await openPage("wrong-token");
    await page.locator("#banner.error", { hasText: "The token was refused" }).waitFor();
    expect(await page.locator("#login.show").count()).toBe(1);
    expect(await page.locator("#state").textContent()).toBe("not connected");
    await page.close();
  }, 30_000);

  test("shows the unreachable banner after the gateway stops", async () => {
    const page = await openPage(TOKEN);
    await page.locator("#state", { hasText: /^connected$/ }).waitFor();
    await server?.stop(true);
    await page.locator("#banner", { hasText: "gateway unreachable, retrying…" }).waitFor();
    expect(await page.locator("#banner.error").count()).toBe(0);
    await page.close();
  }, 30_000);
});

import { afterEach, describe, expect, test } from "bun:test";
import type { InboundMessage } from "../../bus/message.ts";
import { createLogger } from "../../lib/logger.ts";
import { bunPlatform } from "../../platform/bun.ts";
import type { TcpSocket } from "../../platform/platform.ts";
import { TemporarySendError } from "../send-error.ts";
import { MaixcamChannel } from "./maixcam.ts";
import { readMaixcamSettings } from "./settings.ts";

/** A camera stand-in: raw TCP, collects what the gateway writes, resolves waits on events. */
async function connectDevice(port: number) {
  let text = "";
  let waiters: (() => void)[] = [];
  let isClosed = false;
  const wake = () => {
    for (const w of waiters) w();
    waiters = [];
  };
  const socket: TcpSocket = await bunPlatform.connectTcp({
    host: "127.0.0.1",
    port,
    handlers: {
      open: () => {},
      data: (_s, chunk) => {
        text += new TextDecoder().decode(chunk);
        wake();
      },
      close: () => {
        isClosed = true;
        wake();
      },
    },
  });
  const until = async (check: () => boolean, what: string) => {
    const deadline = AbortSignal.timeout(5000);
    while (!check()) {
      if (deadline.aborted) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        deadline.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  };
  return {
    socket,
    write: (data: string) => socket.write(data),
    get text() {
      return text;
    },
    untilText: (expected: string) => until(() => text.includes(expected), `text ${expected}`),
    untilClosed: () => until(() => isClosed, "close"),
  };
}

interface Harness {
  channel: MaixcamChannel;
  inbound: InboundMessage[];
  connected: string[];
  untilInbound(count: number): Promise<void>;
  untilConnected(count: number): Promise<void>;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function startChannel(settings: Record<string, unknown> = {}, now?: () => number): Promise<Harness> {
  const inbound: InboundMessage[] = [];
  const connected: string[] = [];
  let wake = () => {};
  // Port 0 (any free port) is refused by config.json's schema, so it is set on the parsed settings.
  const channel = new MaixcamChannel(
    "maixcam",
    { ...readMaixcamSettings(settings), port: 0 },
    {
      platform: bunPlatform,
      log: createLogger("maixcam-test"),
      ...(now ? { now } : {}),
      publish: async (message) => {
        inbound.push(message);
        wake();
      },
      chatConnected: (chatId) => {
        connected.push(chatId);
        wake();
      },
    },
  );
  const controller = new AbortController();
  await channel.start(controller.signal);
  stops.push(async () => {
    controller.abort();
    await channel.stop();
  });
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  return {
    channel,
    inbound,
    connected,
    untilInbound: (count) => until(() => inbound.length >= count),
    untilConnected: (count) => until(() => connected.length >= count),
  };
}

const DETECTION =
  '{"type":"person_detected","tips":"","timestamp":1718000000.5,"data":{"class_name":"person","class_id":0,"score":0.92,"x":120,"y":80,"w":64,"h":128}}';
const reply = (content: string, id?: string) => ({
  context: { channel: "maixcam", chatId: "default" },
  content,
  ...(id ? { id } : {}),
});

describe("MaixCam channel over TCP", () => {
  test("turns a detection split across writes into PicoClaw's inbound message", async () => {
    const h = await startChannel();
    const device = await connectDevice(h.channel.port);
    await h.untilConnected(1);
    expect(h.connected).toEqual(["default"]);
    expect(h.channel.isChatConnected("default")).toBe(true);
    device.write(`{"type":"heartbeat","timestamp":1}${DETECTION.slice(0, 40)}`);
    device.write(`${DETECTION.slice(40)}{"type":"status","data":{"fps":25}}  `);
    await h.untilInbound(1);
    expect(h.inbound).toEqual([
      {
        context: {
          channel: "maixcam",
          chatId: "default",
          chatType: "channel",
          senderId: "maixcam",
          raw: {
            timestamp: "1718000000",
            class_id: "0",
            score: "0.92",
            x: "120",
            y: "80",
            w: "64",
            h: "128",
          },
        },
        sender: { platform: "maixcam", platformId: "maixcam", canonicalId: "maixcam:maixcam" },
        content: "📷 Person detected!\nClass: person\nConfidence: 92.00%\nPosition: (120, 80)\nSize: 64x128",
      },
    ]);
  });

  test("broadcasts replies as Go's bytes plus a newline, once per device per message id", async () => {
    const h = await startChannel();
    await expect(h.channel.send(reply("early"))).rejects.toBeInstanceOf(TemporarySendError);
    const a = await connectDevice(h.channel.port);
    const b = await connectDevice(h.channel.port);
    await h.untilConnected(2);
    await h.channel.send(reply("look <left>", "m1"));
    const line = '{"chat_id":"default","message":"look \\u003cleft\\u003e","timestamp":0,"type":"command"}\n';
    await a.untilText(line);
    await b.untilText(line);
    await h.channel.send(reply("look <left>", "m1"));
    a.socket.end();
    await a.untilClosed();
    const again = await connectDevice(h.channel.port);
    await h.untilConnected(3);
    await h.channel.send(reply("look <left>", "m1"));
    await h.channel.send(reply("next", "m2"));
    await again.untilText('"message":"next"');
    await b.untilText('"message":"next"');
    expect(again.text).not.toContain("left");
    expect(b.text.split("\n").filter((l) => l.includes("left"))).toHaveLength(1);
  });

  test("garbage or an oversized object closes only that connection", async () => {
    const h = await startChannel({ max_frame_bytes: 256 });
    const good = await connectDevice(h.channel.port);
    const bad = await connectDevice(h.channel.port);
    const big = await connectDevice(h.channel.port);
    await h.untilConnected(3);
    bad.write('{"type":"heartbeat"} not json');
    await bad.untilClosed();
    big.write(`{"type":"status","data":{"pad":"${"x".repeat(300)}`);
    await big.untilClosed();
    good.write(DETECTION);
    await h.untilInbound(1);
    await h.channel.send(reply("still here"));
    await good.untilText("still here");
  });

  test("with a token, only a device whose first frame authenticates is served", async () => {
    const h = await startChannel({ token: "s3cret" });
    const intruder = await connectDevice(h.channel.port);
    intruder.write(DETECTION);
    await intruder.untilClosed();
    const wrong = await connectDevice(h.channel.port);
    wrong.write('{"type":"auth","token":"s3creT"}');
    await wrong.untilClosed();
    expect(h.channel.isChatConnected("default")).toBe(false);
    const camera = await connectDevice(h.channel.port);
    camera.write(`{"type":"auth","token":"s3cret"}${DETECTION}`);
    await h.untilInbound(1);
    expect(h.connected).toEqual(["default"]);
    expect(h.inbound).toHaveLength(1);
  });

  test("drops frames over the rate limit and closes a device that keeps flooding", async () => {
    const now = 0;
    const h = await startChannel({ rate_limit_per_sec: 2 }, () => now);
    const device = await connectDevice(h.channel.port);
    await h.untilConnected(1);
    device.write(DETECTION.repeat(6));
    device.write('{"type":"status","data":{"done":true}}');
    const flood = await connectDevice(h.channel.port);
    flood.write('{"type":"heartbeat"}'.repeat(4 + 21));
    await flood.untilClosed();
    // Burst of 4 (two seconds at 2/s): four of the six detections pass, the rest are dropped.
    await h.untilInbound(4);
    expect(h.inbound).toHaveLength(4);
    expect(h.channel.isChatConnected("default")).toBe(true);
  });
});

describe("MaixCam channel over WebSocket", () => {
  test("speaks the same protocol at /maixcam/ws on the gateway port", async () => {
    const h = await startChannel({ token: "t0k" });
    const [route] = h.channel.routes();
    if (!route) throw new Error("no route");
    expect(route.path).toBe("/maixcam/ws");
    const server = await bunPlatform.serveHttp({ host: "127.0.0.1", port: 0, handler: route.handler });
    stops.push(() => server.stop(true));
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/maixcam/ws`);
    const frames: string[] = [];
    const gotFrame = new Promise<void>((resolve) => {
      ws.onmessage = (event) => {
        frames.push(String(event.data));
        resolve();
      };
    });
    await new Promise((resolve) => {
      ws.onopen = resolve;
    });
    ws.send('{"type":"auth","token":"t0k"}');
    ws.send(`${DETECTION}\n{"type":"heartbeat"}`);
    await h.untilInbound(1);
    expect(h.inbound[0]?.content).toStartWith("📷 Person detected!");
    await h.channel.send(reply("hello camera"));
    await gotFrame;
    expect(frames).toEqual(['{"chat_id":"default","message":"hello camera","timestamp":0,"type":"command"}']);
    ws.close();
  });
});

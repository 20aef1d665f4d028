/** The example MaixPy client (boards/maixcam) run with python3 against the real MaixCam channel. */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { InboundMessage } from "../src/bus/message.ts";
import { createMaixcamChannel } from "../src/channels/maixcam/index.ts";
import { createLogger } from "../src/lib/logger.ts";
import { bunPlatform } from "../src/platform/bun.ts";

const python = Bun.which("python3");
const CLIENT = join(import.meta.dir, "..", "boards", "maixcam", "maixcam_client.py");
const controller = new AbortController();
afterAll(() => controller.abort());

describe("boards/maixcam/maixcam_client.py", () => {
  test("authenticates, reports a detection, and prints the reply command", async () => {
    if (!python) throw new Error("python3 is missing: apt-get install python3");
    const inbound: InboundMessage[] = [];
    const channel = createMaixcamChannel(
      { name: "maixcam", settings: { port: 0, token: "cam-secret" } },
      {
        platform: bunPlatform,
        log: createLogger("maixcam-test"),
        chatConnected: () => {},
        publish: async (message) => {
          inbound.push(message);
          // Two replies in one write: the client must split concatenated/newline-separated objects.
          const reply = (content: string) => ({
            context: { channel: "maixcam", chatId: "default" },
            content,
          });
          await channel.send(reply("Wave at the {visitor} 👋"));
          await channel.send(reply("second <cmd>"));
        },
      },
    );
    await channel.start(controller.signal);
    const child = bunPlatform.spawn([
      python,
      CLIENT,
      "--port",
      String(channel.port),
      "--token",
      "cam-secret",
      "--detections",
      "1",
      "--max-commands",
      "2",
    ]);
    const timer = setTimeout(() => child.killGroup(), 20_000);
    const [stdout, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    clearTimeout(timer);
    expect(code).toBe(0);
    expect(stdout).toContain("command: Wave at the {visitor} 👋\ncommand: second <cmd>\n");
    expect(inbound).toHaveLength(1);
    expect(inbound[0]?.content).toMatch(
      /^📷 Person detected!\nClass: person\nConfidence: \d+\.\d\d%\nPosition: \(120, 80\)\nSize: 64x128$/,
    );
    await channel.stop();
  }, 30_000);
});

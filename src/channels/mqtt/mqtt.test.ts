import { describe, expect, test } from "bun:test";
import { createLogger } from "../../lib/logger.ts";
import { PermanentSendError, TemporarySendError } from "../send-error.ts";
import { buildClientOptions } from "./client-options.ts";
import { createMqttChannel } from "./index.ts";
import { readMqttSettings } from "./settings.ts";

const deps = { log: createLogger("mqtt-test"), publish: async () => {}, chatConnected: () => {} };

describe("MQTT channel without a broker", () => {
  test("loads the mqtt package only when started", async () => {
    const script = [
      'const { createMqttChannel } = await import("./src/channels/mqtt/index.ts");',
      'const loaded = () => Object.keys(require.cache).some((k) => k.includes("node_modules/mqtt/"));',
      'const ch = createMqttChannel({ name: "m", settings: { broker: "tcp://127.0.0.1:1", agent_id: "a" } },',
      "  { publish: async () => {}, chatConnected: () => {}, connectTimeoutMs: 10 });",
      "const before = loaded();",
      "await ch.start(new AbortController().signal);",
      "console.log(JSON.stringify([before, loaded()]));",
      "await ch.stop();",
    ].join("\n");
    const root = new URL("../../..", import.meta.url).pathname;
    const child = Bun.spawn([process.execPath, "-e", script], {
      cwd: root,
      stdout: "pipe",
      stderr: "ignore",
    });
    expect(JSON.parse((await new Response(child.stdout).text()).trim())).toEqual([false, true]);
  }, 20_000);

  test("requires broker and agent_id", () => {
    expect(() => createMqttChannel({ name: "mqtt", settings: { agent_id: "a" } }, deps)).toThrow(/broker/);
    expect(() => createMqttChannel({ name: "mqtt", settings: { broker: "tcp://x" } }, deps)).toThrow(
      /agent_id/,
    );
  });

  test("is not ready and keeps replies for the outbox while the broker is unreachable", async () => {
    const channel = createMqttChannel(
      { name: "mqtt", settings: { broker: "tcp://127.0.0.1:1", agent_id: "a" } },
      { ...deps, connectTimeoutMs: 50 },
    );
    await expect(
      channel.send({ context: { channel: "mqtt", chatId: "mqtt:d" }, content: "x" }),
    ).rejects.toBeInstanceOf(PermanentSendError);
    const controller = new AbortController();
    await channel.start(controller.signal);
    try {
      expect(channel.isReady()).toBe(false);
      await expect(
        channel.send({ context: { channel: "mqtt", chatId: "mqtt:d" }, content: "x" }),
      ).rejects.toBeInstanceOf(TemporarySendError);
      expect(await channel.send({ context: { channel: "mqtt", chatId: "mqtt:d" }, content: "  " })).toEqual(
        [],
      );
      await expect(
        channel.send({ context: { channel: "mqtt", chatId: "d" }, content: "x" }),
      ).rejects.toBeInstanceOf(PermanentSendError);
    } finally {
      controller.abort();
      await channel.stop();
    }
  });

  test("verifies TLS certificates unless insecure_skip_verify is set, and reads the CA file", async () => {
    const files: Record<string, string> = { "/ca.pem": "CA", "/c.pem": "CERT", "/k.pem": "KEY" };
    const read = async (path: string) => files[path] ?? "";
    const base = readMqttSettings({ broker: "ssl://b", agent_id: "a", tls: { ca_file: "/ca.pem" } });
    const strict = await buildClientOptions(base, "id", read);
    expect(strict).toMatchObject({ protocol: "mqtts", port: 8883, rejectUnauthorized: true, ca: "CA" });
    const loose = await buildClientOptions(
      { ...base, insecureSkipVerify: true, certFile: "/c.pem", keyFile: "/k.pem" },
      "id",
      read,
    );
    expect(loose).toMatchObject({ rejectUnauthorized: false, cert: "CERT", key: "KEY" });
    const plain = await buildClientOptions(
      readMqttSettings({ broker: "tcp://b", agent_id: "a", qos: 1 }),
      "id",
      read,
    );
    expect(plain).toMatchObject({
      protocol: "mqtt",
      clean: false,
      writeCache: false,
      reconnectPeriod: 5000,
      keepalive: 60,
    });
    expect(plain.ca).toBeUndefined();
  });
});

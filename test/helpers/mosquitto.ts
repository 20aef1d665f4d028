/**
 * A real mosquitto broker for scenario tests: found on PATH or in /usr/sbin (installed with apt
 * when running as root), bound to a free 127.0.0.1 port, persistence in a temp dir so a restart
 * keeps persistent sessions, and stoppable/restartable on the same port.
 */

import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "bun";
import { bunPlatform } from "../../src/platform/bun.ts";

/** The mosquitto binary; throws (failing the tests that need it, never skipping them) when it cannot be had. */
export function findMosquitto(): string {
  const found =
    Bun.which("mosquitto") ?? (existsSync("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : undefined);
  if (found) return found;
  if (process.getuid?.() === 0) {
    const install = spawnSync(["apt-get", "install", "-y", "mosquitto"], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (install.exitCode === 0 && existsSync("/usr/sbin/mosquitto")) return "/usr/sbin/mosquitto";
  }
  throw new Error(
    "mosquitto is missing and could not be installed: apt-get install mosquitto (npm test does, as root)",
  );
}

async function freePort(): Promise<number> {
  const server = await bunPlatform.listenTcp({
    host: "127.0.0.1",
    port: 0,
    handlers: { open: () => {}, data: () => {}, close: () => {} },
  });
  const { port } = server;
  await server.stop();
  return port;
}

/** Resolves once a TCP connect to the port succeeds; fails at the deadline or if the broker exits. */
async function untilAccepting(port: number, exited: Promise<number>, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let exitCode: number | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  for (let attempt = 0; ; attempt++) {
    if (exitCode !== undefined) throw new Error(`mosquitto exited with ${exitCode}`);
    try {
      const socket = await bunPlatform.connectTcp({
        host: "127.0.0.1",
        port,
        handlers: { open: () => {}, data: () => {}, close: () => {} },
      });
      socket.destroy();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`mosquitto not accepting on ${port}: ${String(error)}`);
      // A refused connect returns at once; back off briefly between attempts, bounded by the deadline.
      await Bun.sleep(Math.min(200, 5 * 2 ** attempt));
    }
  }
}

/** A running broker. */
export interface Mosquitto {
  readonly port: number;
  readonly url: string;
  /** Stops the broker (SIGTERM, so it saves persistent sessions) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its temp dir. */
  dispose(): Promise<void>;
}

/** Starts mosquitto on a free port; throws when no broker can be had. */
export async function startMosquitto(): Promise<Mosquitto> {
  const binary = findMosquitto();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "picoclaw-mosquitto-"));
  // Started as root, mosquitto drops to the `mosquitto` user; it must still write its db and log here.
  chmodSync(dir, 0o777);
  const config = join(dir, "mosquitto.conf");
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence true",
      `persistence_location ${dir}/`,
      `log_dest file ${join(dir, "mosquitto.log")}`,
      "",
    ].join("\n"),
  );
  let child: ReturnType<typeof Bun.spawn> | undefined;
  const start = async () => {
    child = Bun.spawn([binary, "-c", config], { stdout: "ignore", stderr: "ignore" });
    await untilAccepting(port, child.exited, 10_000);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running) return;
    running.kill("SIGTERM");
    await running.exited;
  };
  await start();
  return {
    port,
    url: `tcp://127.0.0.1:${port}`,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

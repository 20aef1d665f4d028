import { afterEach, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSystemdNotifier, encodeSockaddrUn } from "./sd-notify.ts";

/** A real unix datagram listener (python3: neither Bun nor Node can bind one) printing each datagram. */
function listen(path: string, count: number) {
  const script = `import socket,sys
s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM); s.bind(sys.argv[1]); print("ready",flush=True)
for _ in range(int(sys.argv[2])):
  print(repr(s.recv(4096).decode()),flush=True)`;
  const child = spawn("python3", ["-c", script, path, String(count)]);
  const lines: string[] = [];
  let buffer = "";
  const ready = new Promise<void>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) line === "ready" ? resolve() : lines.push(line);
    });
  });
  const done = new Promise<string[]>((resolve) => child.on("exit", () => resolve(lines)));
  return { ready, done, child };
}

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("systemd notifier", () => {
  test("is a no-op without NOTIFY_SOCKET", async () => {
    const notifier = await createSystemdNotifier({});
    expect(notifier.enabled).toBe(false);
    notifier.ready();
  });

  test("sends READY, STATUS and WATCHDOG datagrams to the notify socket", async () => {
    dir = mkdtempSync(join(tmpdir(), "sdnotify-"));
    const path = join(dir, "notify.sock");
    const listener = listen(path, 3);
    await listener.ready;
    const notifier = await createSystemdNotifier({ NOTIFY_SOCKET: path, WATCHDOG_USEC: "1000000" });
    expect(notifier.enabled).toBe(true);
    notifier.ready("serving");
    notifier.status("draining");
    const controller = new AbortController();
    notifier.startWatchdog(controller.signal);
    const lines = await listener.done;
    controller.abort();
    expect(lines).toEqual([`'READY=1\\nSTATUS=serving'`, `'STATUS=draining'`, `'WATCHDOG=1'`]);
  });

  test("encodes abstract socket addresses with a leading NUL", () => {
    const struct = encodeSockaddrUn("@sd/notify");
    expect(struct[0]).toBe(1);
    expect(struct[2]).toBe(0);
    expect(Buffer.from(struct.subarray(3, 12)).toString()).toBe("sd/notify");
  });
});

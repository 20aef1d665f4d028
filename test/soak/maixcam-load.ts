/**
 * MaixCam device load over TCP: each device sends a person_detected whose class_name is a unique marker,
 * waits for the command that echoes it ("Class: <marker>"), pauses, and repeats until the deadline.
 * Replies are broadcast to every device, so each one also counts the commands meant for the others.
 */
import { connect, type Socket } from "node:net";

/** What to run. */
export interface MaixcamLoadOptions {
  host: string;
  port: number;
  devices: number;
  deadline: number;
  /** Pause between a reply and the next detection (the channel rate-limits devices). */
  intervalMs: number;
  replyTimeoutMs?: number;
  markerPrefix?: string;
}

/** Counters of one run. */
export interface MaixcamLoadResult {
  sent: number;
  answered: number;
  missing: number;
  /** Command frames received by all devices together (broadcasts included). */
  commands: number;
  errors: number;
}

/** One device connection that resolves waiters by marker. */
function openDevice(host: string, port: number, result: MaixcamLoadResult) {
  const waiters = new Map<string, () => void>();
  let buffer = "";
  const socket: Socket = connect(port, host);
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  socket.on("error", () => {});
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line === "") continue;
      try {
        const frame = JSON.parse(line) as { type?: unknown; message?: unknown };
        if (frame.type !== "command") continue;
        result.commands++;
        const marker = /Class: (\S+)/.exec(String(frame.message))?.[1];
        if (marker) waiters.get(marker)?.();
      } catch {
        result.errors++;
      }
    }
  });
  return {
    opened,
    /** Sends one detection and resolves true when its command arrives, false on timeout. */
    detect(marker: string, timeoutMs: number): Promise<boolean> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(marker);
          resolve(false);
        }, timeoutMs);
        waiters.set(marker, () => {
          clearTimeout(timer);
          waiters.delete(marker);
          resolve(true);
        });
        const detection = {
          type: "person_detected",
          timestamp: Date.now() / 1000,
          data: { class_name: marker, class_id: 0, score: 0.9, x: 10, y: 20, w: 30, h: 40 },
        };
        socket.write(`${JSON.stringify(detection)}\n`);
      });
    },
    close: () => socket.destroy(),
  };
}

/** Connects every device first (so each sees every broadcast), then runs them until the deadline. */
export async function runMaixcamLoad(options: MaixcamLoadOptions): Promise<MaixcamLoadResult> {
  const result: MaixcamLoadResult = { sent: 0, answered: 0, missing: 0, commands: 0, errors: 0 };
  const timeout = options.replyTimeoutMs ?? 60_000;
  const prefix = options.markerPrefix ?? `cam${Date.now().toString(36)}`;
  const devices = Array.from({ length: options.devices }, () =>
    openDevice(options.host, options.port, result),
  );
  try {
    await Promise.all(devices.map((d) => d.opened));
  } catch {
    for (const device of devices) device.close();
    result.errors++;
    return result;
  }
  await Promise.all(
    devices.map(async (device, index) => {
      for (let n = 0; Date.now() < options.deadline; n++) {
        result.sent++;
        if (await device.detect(`${prefix}-d${index}-${n}`, timeout)) result.answered++;
        else result.missing++;
        const pause = Math.min(options.intervalMs, options.deadline - Date.now());
        if (pause > 0) await Bun.sleep(pause);
      }
    }),
  );
  for (const device of devices) device.close();
  return result;
}

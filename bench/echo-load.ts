/**
 * The floor's counterpart of test/soak/pico-load.ts: closed-loop WebSocket echo round trips over
 * `clients` connections, bounded by a message budget and a deadline.
 */

/** What to run. */
export interface EchoLoadOptions {
  url: string;
  clients: number;
  maxMessages: number;
  deadline: number;
  /** Pause between a reply and the next message of the same client (0: as fast as possible). */
  paceMs?: number;
  onReply?: (latencyMs: number) => void;
}

/** Counters of one run. */
export interface EchoLoadResult {
  sent: number;
  replies: number;
  errors: number;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener("open", () => resolve(socket), { once: true });
    socket.addEventListener("error", () => reject(new Error(`connect failed: ${url}`)), { once: true });
  });
}

function roundTrip(socket: WebSocket, text: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.addEventListener(
      "message",
      (event) => {
        clearTimeout(timer);
        resolve(String(event.data) === text);
      },
      { once: true },
    );
    socket.send(text);
  });
}

/** Runs the echo load and resolves when every client has stopped. */
export async function runEchoLoad(options: EchoLoadOptions): Promise<EchoLoadResult> {
  const result: EchoLoadResult = { sent: 0, replies: 0, errors: 0 };
  const budget = { left: options.maxMessages };
  await Promise.all(
    Array.from({ length: options.clients }, async (_, index) => {
      const socket = await open(options.url).catch(() => undefined);
      if (!socket) {
        result.errors++;
        return;
      }
      while (budget.left > 0 && Date.now() < options.deadline) {
        budget.left--;
        const text = `floor c${index} m${result.sent++}`;
        const started = performance.now();
        if (await roundTrip(socket, text, 10_000)) {
          result.replies++;
          options.onReply?.(performance.now() - started);
        } else result.errors++;
        if (options.paceMs) await Bun.sleep(options.paceMs);
      }
      socket.close();
    }),
  );
  return result;
}

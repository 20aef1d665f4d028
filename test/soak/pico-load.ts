/**
 * Closed-loop Pico load: each client sends one message.send, waits for its reply, and repeats until a
 * deadline or a message budget, so the gateway always has exactly `clients` turns in flight. Replies
 * must be the echo of the exact text sent; anything else counts as a mismatch, a timeout as an error.
 */
import { PicoClient } from "../helpers/pico-client.ts";

/** What to run. */
export interface PicoLoadOptions {
  /** ws://host:port/pico/ws */
  url: string;
  token: string;
  clients: number;
  /** Stop sending at this Date.now() value. */
  deadline: number;
  /** Total message budget across all clients (the loop is bounded by count as well as time). */
  maxMessages: number;
  /** Reconnect with a fresh session after this many messages (0: one session per client for the run). */
  rotateEvery?: number;
  replyTimeoutMs?: number;
  /** Session id prefix, so separate runs do not share history. */
  sessionPrefix?: string;
  /** Pause between a reply and the client's next message (0: as fast as possible). */
  paceMs?: number;
  /** Called with each round-trip time in ms. */
  onReply?: (latencyMs: number) => void;
}

/** Counters of one run. */
export interface PicoLoadResult {
  sent: number;
  replies: number;
  mismatched: number;
  errors: number;
  connects: number;
}

/** Runs the load and resolves when every client has stopped. */
export async function runPicoLoad(options: PicoLoadOptions): Promise<PicoLoadResult> {
  const result: PicoLoadResult = { sent: 0, replies: 0, mismatched: 0, errors: 0, connects: 0 };
  const timeout = options.replyTimeoutMs ?? 60_000;
  const prefix = options.sessionPrefix ?? `load-${Date.now().toString(36)}`;
  const budget = { left: options.maxMessages };

  const runClient = async (index: number) => {
    let client: PicoClient | undefined;
    let round = 0;
    let inRound = 0;
    while (Date.now() < options.deadline && budget.left > 0) {
      if (!client || (options.rotateEvery && inRound >= options.rotateEvery)) {
        if (client) await closeSoon(client);
        round++;
        inRound = 0;
        try {
          client = await PicoClient.connect(
            options.url,
            options.token,
            `${prefix}-c${index}-r${round}`,
            timeout,
          );
          result.connects++;
        } catch {
          result.errors++;
          client = undefined;
          // Back off so a gateway that is down is not hammered until the deadline.
          await Bun.sleep(500);
          continue;
        }
      }
      budget.left--;
      inRound++;
      const text = `${prefix} c${index} m${result.sent}`;
      result.sent++;
      const started = performance.now();
      try {
        const reply = await client.ask(text, timeout);
        if (reply === `echo: ${text}`) {
          result.replies++;
          options.onReply?.(performance.now() - started);
        } else result.mismatched++;
        if (options.paceMs) await Bun.sleep(options.paceMs);
      } catch {
        // A reply that never came leaves the client's reply queue out of step: start over.
        result.errors++;
        await closeSoon(client);
        client = undefined;
      }
    }
    if (client) await closeSoon(client);
  };

  await Promise.all(Array.from({ length: options.clients }, (_, i) => runClient(i)));
  return result;
}

/** Closes a client, giving up on the close handshake after a second. */
async function closeSoon(client: PicoClient): Promise<void> {
  await Promise.race([client.close(), Bun.sleep(1000)]);
}

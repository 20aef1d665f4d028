/**
 * Periodic Pico bursts on top of the steady soak load: every `everySeconds` (first one after
 * `firstAfterSeconds`), `clients` fresh connections share a budget of `messages` messages and send them
 * closed-loop, as fast as the gateway answers (one turn in flight per connection, the channel's limit).
 * Each burst prints one "DRIVER BURST …" line; the totals go into the driver summary.
 */
import { runPicoLoad } from "./pico-load.ts";

/** What to run. */
export interface BurstOptions {
  url: string;
  token: string;
  /** Stop starting bursts at this Date.now() value (a burst in progress finishes its budget). */
  deadline: number;
  everySeconds: number;
  firstAfterSeconds: number;
  clients: number;
  messages: number;
  replyTimeoutMs: number;
  sessionPrefix: string;
  log?: (line: string) => void;
}

/** Totals over all bursts. */
export interface BurstTotals {
  bursts: number;
  sent: number;
  replies: number;
  mismatched: number;
  errors: number;
  connects: number;
  /** Longest burst, first message to last reply, seconds. */
  longestSeconds: number;
}

/** Runs bursts until the deadline; resolves with the totals once the last burst has finished. */
export async function runBursts(options: BurstOptions): Promise<BurstTotals> {
  const totals: BurstTotals = {
    bursts: 0,
    sent: 0,
    replies: 0,
    mismatched: 0,
    errors: 0,
    connects: 0,
    longestSeconds: 0,
  };
  const log = options.log ?? console.log;
  const origin = Date.now();
  let next = origin + options.firstAfterSeconds * 1000;
  while (options.clients > 0 && options.everySeconds > 0 && next < options.deadline) {
    // Waiting for the clock is the point here: bursts are scheduled in time, not on an event.
    await Bun.sleep(Math.max(0, next - Date.now()));
    const n = totals.bursts + 1;
    const started = Date.now();
    const result = await runPicoLoad({
      url: options.url,
      token: options.token,
      clients: options.clients,
      // The budget, not the clock, ends a burst; the cap only stops a gateway that stalls for good.
      deadline: started + 10 * options.replyTimeoutMs,
      maxMessages: options.messages,
      rotateEvery: 0,
      replyTimeoutMs: options.replyTimeoutMs,
      sessionPrefix: `${options.sessionPrefix}-b${n}`,
    });
    const seconds = (Date.now() - started) / 1000;
    totals.bursts = n;
    totals.sent += result.sent;
    totals.replies += result.replies;
    totals.mismatched += result.mismatched;
    totals.errors += result.errors;
    totals.connects += result.connects;
    totals.longestSeconds = Math.max(totals.longestSeconds, seconds);
    log(
      `DRIVER BURST n=${n} at_s=${Math.round((started - origin) / 1000)} clients=${options.clients} sent=${result.sent}` +
        ` replies=${result.replies} mismatched=${result.mismatched} errors=${result.errors}` +
        ` connects=${result.connects} seconds=${seconds.toFixed(1)} replies_per_s=${(result.replies / seconds).toFixed(2)}`,
    );
    next += options.everySeconds * 1000;
    while (next < Date.now()) next += options.everySeconds * 1000;
  }
  return totals;
}

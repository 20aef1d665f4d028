/**
 * OneBot API calls in flight: each request carries a unique `echo`, and the response with the same
 * echo settles it. Calls time out, and all of them fail at once when the connection drops, so no
 * caller waits on a socket that is gone.
 */
import { deferred } from "../../lib/deferred.ts";
import { TimeoutError } from "../../lib/errors.ts";
import type { OneBotFrame } from "./protocol.ts";

/** An API response frame. */
export type OneBotResponse = Extract<OneBotFrame, { kind: "response" }>;

/** Calls awaiting their response. */
export class PendingCalls {
  readonly #waiting = new Map<string, { resolve(r: OneBotResponse): void; reject(e: Error): void }>();
  readonly #write: (frame: string) => boolean;
  #serial = 0;

  /** `write` sends one text frame and says whether a socket took it. */
  constructor(write: (frame: string) => boolean) {
    this.#write = write;
  }

  /** Sends `{action, params, echo}` and waits for its response. */
  call(action: string, params: Record<string, unknown>, timeoutMs: number): Promise<OneBotResponse> {
    const echo = `${action}_${++this.#serial}`;
    const { promise, resolve, reject } = deferred<OneBotResponse>();
    const timer = setTimeout(() => {
      this.#waiting.delete(echo);
      reject(new TimeoutError(action, timeoutMs));
    }, timeoutMs);
    const settle =
      <T>(fn: (v: T) => void) =>
      (v: T) => {
        clearTimeout(timer);
        this.#waiting.delete(echo);
        fn(v);
      };
    this.#waiting.set(echo, { resolve: settle(resolve), reject: settle(reject) });
    if (!this.#write(JSON.stringify({ action, params, echo })))
      this.#waiting.get(echo)?.reject(new Error("not connected"));
    return promise;
  }

  /** Settles the call a response belongs to; false when nobody waits for that echo. */
  settle(response: OneBotResponse): boolean {
    const waiter = this.#waiting.get(response.echo);
    waiter?.resolve(response);
    return waiter !== undefined;
  }

  /** Fails every call in flight (the connection dropped or the channel stopped). */
  failAll(reason: string): void {
    for (const waiter of [...this.#waiting.values()]) waiter.reject(new Error(reason));
  }
}

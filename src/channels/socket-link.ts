/**
 * A WebSocket client link that never dies silently: it dials, watches liveness with pings and a read
 * deadline, and redials with backoff plus jitter until its signal aborts. OneBot, Slack Socket Mode and
 * the WhatsApp bridge all ride on it (shared here until a channels-level home exists).
 */

import type { WebSocket } from "ws";
import { deferred } from "../lib/deferred.ts";
import { backoffMs, delay } from "../lib/delay.ts";
import { errorMessage } from "../lib/errors.ts";
import type { Logger } from "../lib/logger.ts";

/** Timing of one link; every field has a default suited to a chat platform. */
export interface SocketLinkTiming {
  /** First redial delay and the floor of every redial delay (OneBot: max(reconnect_interval, 5 s)). */
  minDelayMs?: number | undefined;
  /** Ceiling of the exponential redial delay. */
  maxDelayMs?: number | undefined;
  /** How often a ping is sent; 0 disables pings. */
  pingIntervalMs?: number | undefined;
  /** A link with no frame or pong for this long is dropped and redialled. */
  readTimeoutMs?: number | undefined;
  /** How long the opening handshake may take. */
  handshakeTimeoutMs?: number | undefined;
}

/** What a link needs. */
export interface SocketLinkOptions extends SocketLinkTiming {
  /** The URL to dial, asked for on every attempt (Slack hands out a fresh one each time). */
  url(signal: AbortSignal): Promise<string>;
  headers?: Readonly<Record<string, string>> | undefined;
  /** Called once the socket is open, before frames are delivered. */
  onOpen?(): void;
  /** One text frame (binary frames are decoded as UTF-8). Must not throw. */
  onMessage(text: string): void;
  /** Called when an open socket closes, for whatever reason. */
  onClose?(): void;
  log: Logger;
  random?: (() => number) | undefined;
}

// WebSocket.OPEN; the `ws` module itself is loaded on the first dial (importing it costs ~2 MB RSS in an isolated probe).
const OPEN = 1;

/** A self-healing client WebSocket. */
export class SocketLink {
  readonly #options: SocketLinkOptions;
  #socket: WebSocket | undefined;
  #loop: Promise<void> | undefined;
  #attempts = 0;

  constructor(options: SocketLinkOptions) {
    this.#options = options;
  }

  /** True while a socket is open. */
  get isOpen(): boolean {
    return this.#socket?.readyState === OPEN;
  }

  /** Number of dial attempts so far (for tests and logs). */
  get attempts(): number {
    return this.#attempts;
  }

  /**
   * Starts the dial loop. Resolves after the first attempt, whether it connected or not; later attempts
   * run in the background until `signal` aborts.
   */
  start(signal: AbortSignal): Promise<void> {
    const first = deferred<void>();
    this.#loop = this.#run(signal, first.resolve);
    return first.promise;
  }

  /** Sends one text frame; false when no socket is open. */
  send(text: string): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    socket.send(text);
    return true;
  }

  /** Drops the current socket; the loop redials (Slack's "disconnect" envelope asks for this). */
  reconnect(): void {
    this.#socket?.close(1000, "reconnect");
  }

  /** Waits for the loop to end after its signal aborted. */
  async stopped(): Promise<void> {
    this.#socket?.terminate();
    await this.#loop;
  }

  async #run(signal: AbortSignal, firstDone: () => void): Promise<void> {
    const { log } = this.#options;
    const minMs = this.#options.minDelayMs ?? 1000;
    const maxMs = Math.max(2 * minMs, this.#options.maxDelayMs ?? 60_000);
    let failures = 0;
    while (!signal.aborted) {
      this.#attempts++;
      let opened = false;
      try {
        const url = await this.#options.url(signal);
        opened = await this.#session(url, signal, firstDone);
      } catch (error) {
        if (signal.aborted) break;
        log.warn("connection attempt failed", { attempt: this.#attempts, error: errorMessage(error) });
      }
      firstDone();
      if (signal.aborted) break;
      failures = opened ? 0 : failures + 1;
      // Never below minMs, jittered up to twice the current step so many clients do not redial in step.
      const wait = Math.max(minMs, backoffMs(failures, 2 * minMs, maxMs, this.#options.random));
      log.info("reconnecting", { inMs: wait });
      await delay(wait, signal).catch(() => {});
    }
    firstDone();
  }

  /** One connection from dial to close. Resolves true if it ever opened. Rejects when it never did. */
  async #session(url: string, signal: AbortSignal, firstDone: () => void): Promise<boolean> {
    const options = this.#options;
    const { WebSocket } = await import("ws");
    return new Promise<boolean>((resolve, reject) => {
      const socket = new WebSocket(url, {
        headers: { ...options.headers },
        handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
      });
      this.#socket = socket;
      let opened = false;
      let lastSeen = Date.now();
      let timer: ReturnType<typeof setInterval> | undefined;
      const onAbort = () => socket.terminate();
      signal.addEventListener("abort", onAbort, { once: true });
      const seen = () => {
        lastSeen = Date.now();
      };

      socket.on("open", () => {
        opened = true;
        seen();
        options.log.info("connected");
        const ping = options.pingIntervalMs ?? 30_000;
        const deadline = options.readTimeoutMs ?? 60_000;
        if (ping > 0) {
          timer = setInterval(() => {
            if (Date.now() - lastSeen > deadline) {
              options.log.warn("no traffic within the read deadline; dropping the connection", { deadline });
              socket.terminate();
              return;
            }
            socket.ping();
          }, ping);
          timer.unref?.();
        }
        try {
          options.onOpen?.();
        } finally {
          firstDone();
        }
      });
      socket.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
        seen();
        options.onMessage(decode(data));
      });
      socket.on("pong", seen);
      socket.on("ping", seen);
      socket.on("error", (error: Error) => {
        if (!opened) reject(error);
        else options.log.warn("socket error", { error: error.message });
      });
      socket.on("close", (code: number) => {
        clearInterval(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.#socket === socket) this.#socket = undefined;
        if (!opened) {
          reject(new Error(`closed before open (code ${code})`));
          return;
        }
        if (!signal.aborted) options.log.warn("connection closed", { code });
        options.onClose?.();
        resolve(true);
      });
    });
  }
}

function decode(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

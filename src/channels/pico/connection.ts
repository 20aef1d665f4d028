/**
 * One Pico WebSocket connection: its session, a WS ping every ping_interval, and a read deadline
 * (read_timeout) that any frame or pong pushes back; when it passes the connection is closed.
 */
import type { ServerSocket } from "../../platform/platform.ts";

/** Timer settings of a connection, in milliseconds. */
export interface ConnectionTimers {
  pingIntervalMs: number;
  readTimeoutMs: number;
}

/**
 * Messages one connection may have waiting to enter the bus. Beyond it a message is refused with a
 * `busy` error frame instead of becoming one more pending promise: a client that floods frames without
 * waiting for replies cannot grow the gateway's memory.
 */
export const MAX_IN_FLIGHT = 16;

/**
 * Bytes of frames that all connections together may have waiting to enter the bus (a frame may carry
 * 1 MB of inline media, and 100 connections × 16 of them would be 1.6 GB). Beyond it a message is
 * refused with `busy` as above; one message is always admitted, so any frame the limit allows can pass.
 */
export const MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;

/** A live connection of a session. */
export class PicoConnection {
  readonly id = crypto.randomUUID();
  readonly sessionId: string;
  readonly socket: ServerSocket;
  readonly #timers: ConnectionTimers;
  #ping: ReturnType<typeof setInterval> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  #inFlight = 0;

  constructor(socket: ServerSocket, sessionId: string, timers: ConnectionTimers) {
    this.socket = socket;
    this.sessionId = sessionId;
    this.#timers = timers;
  }

  /** Starts pinging and the read deadline. */
  start(): void {
    this.#ping = setInterval(() => this.socket.ping(), this.#timers.pingIntervalMs);
    this.touch();
  }

  /** Pushes the read deadline back (any frame or pong). */
  touch(): void {
    if (this.#closed) return;
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    this.#deadline = setTimeout(() => this.close(1001, "read timeout"), this.#timers.readTimeoutMs);
  }

  /** Runs `publish` if fewer than MAX_IN_FLIGHT are running for this connection; false when refused. */
  admit(publish: () => Promise<void>, onError: (error: unknown) => void): boolean {
    if (this.#inFlight >= MAX_IN_FLIGHT) return false;
    this.#inFlight++;
    publish()
      .catch(onError)
      .finally(() => this.#inFlight--);
    return true;
  }

  /** Sends one text frame; false when the socket is gone. */
  send(text: string): boolean {
    return !this.#closed && this.socket.send(text);
  }

  /** Closes the socket and stops the timers. Idempotent. */
  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.dispose();
    this.socket.close(code, reason);
  }

  /** Stops the timers without touching the socket (it closed on its own). */
  dispose(): void {
    this.#closed = true;
    clearInterval(this.#ping);
    clearTimeout(this.#deadline);
  }
}

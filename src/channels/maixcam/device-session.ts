/**
 * One device connection, whatever carries it (TCP stream or WebSocket frames): splits the byte
 * stream into objects, enforces auth, size and rate limits, and hands valid frames on. Anything
 * malformed closes this connection only.
 */
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "../../lib/logger.ts";
import { JsonObjectSplitter } from "./object-splitter.ts";
import { type DeviceFrame, parseFrame } from "./protocol.ts";
import { createFrameRateLimiter } from "./rate-limiter.ts";

/** Limits and hooks of a session. */
export interface DeviceSessionOptions {
  /** When non-empty, the first frame must be `{"type":"auth","token":…}` with this token. */
  token: string;
  maxFrameBytes: number;
  ratePerSecond: number;
  log: Logger;
  /** Called once the device may talk (at once without a token, after auth with one). */
  onReady(): void;
  /** Called for each accepted frame other than auth. */
  onFrame(frame: Exclude<DeviceFrame, { type: "auth" }>): void;
  /** Closes the transport; the session calls it at most once. */
  close(reason: string): void;
  now?: () => number;
}

const encoder = new TextEncoder();

/** Compares secrets in constant time (for equal lengths; the length itself is not secret here). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The protocol state of one connection. */
export class DeviceSession {
  readonly #options: DeviceSessionOptions;
  readonly #splitter: JsonObjectSplitter;
  readonly #limiter: ReturnType<typeof createFrameRateLimiter>;
  #authenticated: boolean;
  #closed = false;

  constructor(options: DeviceSessionOptions) {
    this.#options = options;
    this.#splitter = new JsonObjectSplitter(options.maxFrameBytes);
    this.#limiter = createFrameRateLimiter(options.ratePerSecond, options.now);
    this.#authenticated = options.token === "";
  }

  /** True once the device may receive replies. */
  get isReady(): boolean {
    return this.#authenticated && !this.#closed;
  }

  /** Call right after the transport opened. */
  open(): void {
    if (this.#authenticated) this.#options.onReady();
  }

  /** Feeds received bytes or text. */
  receive(data: string | Uint8Array): void {
    if (this.#closed) return;
    const { objects, error } = this.#splitter.push(typeof data === "string" ? encoder.encode(data) : data);
    for (const text of objects) {
      if (this.#closed) return;
      this.#handle(text);
    }
    if (error && !this.#closed) {
      const reason =
        error === "too_large" ? `object larger than ${this.#options.maxFrameBytes} bytes` : "not JSON";
      this.#close(reason, "warn");
    }
  }

  /** Marks the session closed by the transport; reports a cut-off object like Go's "unexpected EOF". */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#splitter.isMidObject) this.#options.log.warn("device closed mid-object (truncated frame)");
  }

  /** Closes the transport for a protocol reason. */
  close(reason: string): void {
    this.#close(reason, "info");
  }

  #handle(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.#close("invalid JSON", "warn");
      return;
    }
    const decision = this.#limiter.take();
    if (decision === "close") {
      this.#close("rate limit exceeded persistently", "warn");
      return;
    }
    if (decision === "drop") {
      if (this.#limiter.droppedInWindow === 1)
        this.#options.log.warn("device over its frame rate; dropping frames", {
          perSecond: this.#options.ratePerSecond,
        });
      return;
    }
    const frame = parseFrame(value);
    if (!this.#authenticated) {
      if (frame.type === "auth" && tokensEqual(frame.token, this.#options.token)) {
        this.#authenticated = true;
        this.#options.onReady();
      } else this.#close("authentication failed", "warn");
      return;
    }
    if (frame.type === "error") this.#options.log.warn("frame dropped", { reason: frame.reason });
    else if (frame.type !== "auth") this.#options.onFrame(frame);
  }

  #close(reason: string, level: "info" | "warn"): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.log[level]("closing device connection", { reason });
    this.#options.close(reason);
  }
}

/**
 * Discord Gateway client: one WebSocket at a time, driven by Hello → Identify/Resume → READY/RESUMED.
 * Heartbeats carry the last sequence; a beat still unacknowledged when the next is due marks the
 * connection a zombie, which is dropped and resumed. Close codes decide between resume, re-identify and
 * giving up (4004 bad token and friends). Reconnects back off with jitter and never stop on their own.
 */
import { backoffMs, delay } from "../../lib/delay.ts";
import type { Logger } from "../../lib/logger.ts";
import {
  FATAL_CLOSE_CODES,
  type GatewayPayload,
  helloInterval,
  INTENTS,
  Op,
  parsePayload,
  parseReady,
  SESSION_LOST_CLOSE_CODES,
} from "./protocol.ts";

/** The WHATWG WebSocket subset the client uses (Bun's and Node's global WebSocket, or `ws`). */
export interface GatewaySocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Thrown by `gatewayUrl` when Discord rejects the token: treated like close code 4004. */
export class FatalGatewayError extends Error {
  override readonly name = "FatalGatewayError";
}

/** Opens a socket to `url`. */
export type SocketFactory = (url: string) => GatewaySocket;

/** What the client needs. */
export interface GatewayOptions {
  token: string;
  /** The gateway URL (GET /gateway/bot), asked before each fresh identify. */
  gatewayUrl: (signal: AbortSignal) => Promise<string>;
  connect: SocketFactory;
  onDispatch: (event: string, data: unknown) => void;
  onReadyChange: (ready: boolean) => void;
  log: Logger;
  intents?: number | undefined;
  backoff?: { baseMs: number; maxMs: number } | undefined;
  /** Wait before re-identifying after a non-resumable Invalid Session (docs: 1–5 s). */
  reidentifyDelayMs?: (() => number) | undefined;
  /** A socket that sends no Hello within this is dropped. */
  helloTimeoutMs?: number | undefined;
  random?: (() => number) | undefined;
}

interface Session {
  id: string;
  resumeUrl: string | undefined;
}

/** Why one connection ended. */
interface Ending {
  code: number;
  reason: string;
  wasReady: boolean;
}

/** Our own close code when we drop a connection to resume (1000/1001 would void the session). */
const RESUME_CLOSE = 4000;

/** A gateway connection that keeps itself alive until `signal` aborts or Discord refuses us for good. */
export class DiscordGateway {
  readonly #options: GatewayOptions;
  #session: Session | undefined;
  #seq: number | null = null;
  #ready = false;
  #fatal: { code: number; reason: string } | undefined;
  #reidentifyWait = false;
  #firstReady: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  get isReady(): boolean {
    return this.#ready;
  }

  /** The close that made the client give up, if any. */
  get fatalClose(): { code: number; reason: string } | undefined {
    return this.#fatal;
  }

  /** The current session id (for tests and logs). */
  get sessionId(): string | undefined {
    return this.#session?.id;
  }

  /**
   * Runs the connection loop in the background. The promise it returns settles on the first READY,
   * rejects on a fatal close before that, and the loop itself lives on until `signal` aborts.
   */
  run(signal: AbortSignal): { firstReady: Promise<void>; done: Promise<void> } {
    const firstReady = new Promise<void>((resolve, reject) => {
      this.#firstReady = { resolve, reject };
    });
    firstReady.catch(() => {});
    return { firstReady, done: this.#loop(signal) };
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const backoff = this.#options.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    let attempt = 0;
    while (!signal.aborted) {
      let ending: Ending;
      try {
        const base = this.#session?.resumeUrl ?? (await this.#options.gatewayUrl(signal));
        ending = await this.#connectOnce(withQuery(base), signal);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        ending = { code: error instanceof FatalGatewayError ? 4004 : 0, reason, wasReady: false };
      }
      if (signal.aborted) return;
      if (FATAL_CLOSE_CODES.has(ending.code)) {
        this.#fatal = { code: ending.code, reason: ending.reason };
        this.#options.log.error("discord gateway refused the bot; not reconnecting", {
          code: ending.code,
          reason: ending.reason,
        });
        this.#firstReady?.reject(new Error(`discord gateway closed ${ending.code}: ${ending.reason}`));
        return;
      }
      if (SESSION_LOST_CLOSE_CODES.has(ending.code)) this.#session = undefined;
      if (ending.wasReady) attempt = 0;
      this.#options.log.warn("discord gateway disconnected, reconnecting", {
        code: ending.code,
        reason: ending.reason,
        resume: this.#session !== undefined,
      });
      let wait = backoffMs(attempt++, backoff.baseMs, backoff.maxMs, this.#options.random);
      if (this.#reidentifyWait) {
        this.#reidentifyWait = false;
        wait = Math.max(
          wait,
          this.#options.reidentifyDelayMs?.() ?? 1000 + (this.#options.random ?? Math.random)() * 4000,
        );
      }
      await delay(wait, signal).catch(() => {});
    }
  }

  #connectOnce(url: string, signal: AbortSignal): Promise<Ending> {
    return new Promise<Ending>((resolve) => {
      const socket = this.#options.connect(url);
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      let firstBeat: ReturnType<typeof setTimeout> | undefined;
      let acked = true;
      let wasReady = false;
      const helloTimer = setTimeout(
        () => finish(RESUME_CLOSE, "no Hello from the gateway"),
        this.#options.helloTimeoutMs ?? 20_000,
      );
      const onAbort = () => finish(1000, "shutdown");
      signal.addEventListener("abort", onAbort, { once: true });

      const send = (payload: { op: number; d: unknown }) => {
        try {
          socket.send(JSON.stringify(payload));
        } catch {
          finish(RESUME_CLOSE, "send failed");
        }
      };
      const beat = () => {
        if (!acked) {
          this.#options.log.warn("discord heartbeat not acknowledged; dropping zombie connection");
          finish(RESUME_CLOSE, "heartbeat not acknowledged");
          return;
        }
        acked = false;
        send({ op: Op.Heartbeat, d: this.#seq });
      };
      // Ends this connection at once: a zombie socket may never deliver its close event.
      const finish = (code: number, reason: string) => {
        clearTimeout(helloTimer);
        clearTimeout(firstBeat);
        clearInterval(heartbeat);
        signal.removeEventListener("abort", onAbort);
        socket.onmessage = socket.onclose = socket.onerror = socket.onopen = null;
        try {
          socket.close(code, reason);
        } catch {
          // Already closed.
        }
        this.#setReady(false);
        resolve({ code, reason, wasReady });
      };

      socket.onclose = (event) => finish(event.code, event.reason);
      socket.onerror = () => {}; // A close event always follows.
      socket.onmessage = (event) => {
        const payload = parsePayload(frameText(event.data));
        if ("error" in payload) {
          this.#options.log.warn("malformed discord gateway frame skipped", { error: payload.error });
          return;
        }
        if (payload.s !== null) this.#seq = payload.s;
        switch (payload.op) {
          case Op.Hello: {
            clearTimeout(helloTimer);
            const interval = helloInterval(payload.d) ?? 41_250;
            // The first beat is jittered so a fleet of clients does not beat in step (docs: interval × jitter).
            firstBeat = setTimeout(
              () => {
                beat();
                heartbeat = setInterval(beat, interval);
              },
              interval * (this.#options.random ?? Math.random)(),
            );
            send(this.#handshake());
            break;
          }
          case Op.HeartbeatAck:
            acked = true;
            break;
          case Op.Heartbeat:
            send({ op: Op.Heartbeat, d: this.#seq });
            break;
          case Op.Reconnect:
            finish(RESUME_CLOSE, "gateway asked to reconnect");
            break;
          case Op.InvalidSession:
            if (payload.d !== true) {
              this.#session = undefined;
              this.#seq = null;
              this.#reidentifyWait = true;
            }
            finish(RESUME_CLOSE, "invalid session");
            break;
          case Op.Dispatch:
            if (this.#onDispatch(payload)) wasReady = true;
            break;
        }
      };
    });
  }

  /** Handles a dispatch; true when it made the connection ready (READY or RESUMED). */
  #onDispatch(payload: GatewayPayload): boolean {
    if (payload.t === "READY") {
      const ready = parseReady(payload.d);
      if ("error" in ready) {
        this.#options.log.warn("malformed READY skipped", { error: ready.error });
        return false;
      }
      this.#session = { id: ready.sessionId, resumeUrl: ready.resumeUrl };
    }
    if (payload.t === "READY" || payload.t === "RESUMED") {
      this.#options.log.info(`discord gateway ${payload.t === "READY" ? "ready" : "resumed"}`, {
        session: this.#session?.id,
      });
      this.#setReady(true);
      this.#firstReady?.resolve();
    }
    if (payload.t) this.#options.onDispatch(payload.t, payload.d);
    return payload.t === "READY" || payload.t === "RESUMED";
  }

  #handshake(): { op: number; d: unknown } {
    const token = this.#options.token;
    if (this.#session) {
      return { op: Op.Resume, d: { token, session_id: this.#session.id, seq: this.#seq } };
    }
    return {
      op: Op.Identify,
      d: {
        token,
        intents: this.#options.intents ?? INTENTS,
        properties: { os: process.platform, browser: "picoclaw", device: "picoclaw" },
      },
    };
  }

  #setReady(ready: boolean): void {
    if (ready === this.#ready) return;
    this.#ready = ready;
    this.#options.onReadyChange(ready);
  }
}

function withQuery(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("v", "10");
  parsed.searchParams.set("encoding", "json");
  return parsed.toString();
}

function frameText(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return new TextDecoder().decode(data instanceof ArrayBuffer ? data : new Uint8Array(data.buffer));
  }
  return "";
}

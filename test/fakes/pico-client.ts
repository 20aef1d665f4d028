/**
 * A Pico web client for tests: a real WebSocket that collects parsed server frames and lets a test
 * wait for the next frame matching a predicate (event-driven, with a timeout).
 */

/** A server frame as the client sees it. */
export interface PicoFrame {
  type: string;
  id?: string;
  session_id?: string;
  timestamp?: number;
  payload?: Record<string, unknown>;
}

interface Waiter {
  match: (frame: PicoFrame) => boolean;
  resolve: (frame: PicoFrame) => void;
}

/** A connected test client. */
export class PicoClient {
  readonly ws: WebSocket;
  readonly frames: PicoFrame[] = [];
  readonly raw: string[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #cursor = 0;
  #waiters: Waiter[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
    });
    ws.addEventListener("message", (event) => {
      const text = String(event.data);
      this.raw.push(text);
      const frame = JSON.parse(text) as PicoFrame;
      this.frames.push(frame);
      this.#wake();
    });
  }

  /** Connects; rejects when the server refuses the upgrade. */
  static connect(
    url: string,
    options?: { headers?: Record<string, string>; protocols?: string[] },
  ): Promise<PicoClient> {
    const ws = options?.headers
      ? new WebSocket(url, { headers: options.headers, protocols: options.protocols ?? [] })
      : new WebSocket(url, options?.protocols ?? []);
    const client = new PicoClient(ws);
    return new Promise((resolve, reject) => {
      ws.addEventListener("open", () => resolve(client), { once: true });
      ws.addEventListener("error", () => reject(new Error("websocket refused")), { once: true });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** The next not yet consumed frame matching `match` (frames before it are skipped). */
  next(match: (frame: PicoFrame) => boolean = () => true, timeoutMs = 3000): Promise<PicoFrame> {
    const found = this.#take(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** The next frame of `type`. */
  nextOfType(type: string, timeoutMs?: number): Promise<PicoFrame> {
    return this.next((f) => f.type === type, timeoutMs);
  }

  close(): void {
    this.ws.close();
  }

  #take(match: (frame: PicoFrame) => boolean): PicoFrame | undefined {
    for (let i = this.#cursor; i < this.frames.length; i++) {
      const frame = this.frames[i];
      if (frame && match(frame)) {
        this.#cursor = i + 1;
        return frame;
      }
    }
    return undefined;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) {
      const frame = this.#take(waiter.match);
      if (!frame) continue;
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
      waiter.resolve(frame);
    }
  }
}

/** A minimal Pico protocol client for scenario tests and benchmarks (real WebSocket, token subprotocol). */

/** One frame as the gateway sends it. */
export interface PicoFrame {
  type: string;
  id?: string;
  session_id?: string;
  payload?: Record<string, unknown>;
}

/** A connected Pico client that resolves replies by order. */
export class PicoClient {
  readonly frames: PicoFrame[] = [];
  readonly #socket: WebSocket;
  #replyWaiters: ((text: string) => void)[] = [];
  #closed: Promise<number>;
  #counter = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    this.#closed = new Promise((resolve) => socket.addEventListener("close", (event) => resolve(event.code)));
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(String(event.data)) as PicoFrame;
      this.frames.push(frame);
      if (this.frames.length > 1000) this.frames.splice(0, this.frames.length - 1000);
      const payload = frame.payload ?? {};
      const isReply =
        (frame.type === "message.create" || frame.type === "message.update") &&
        payload["placeholder"] !== true &&
        payload["kind"] === undefined &&
        typeof payload["content"] === "string" &&
        payload["content"] !== "";
      // A streamed or placeholder-edited reply ends with typing.stop; a plain one is a single create.
      if (isReply) this.#replyWaiters.shift()?.(String(payload["content"]));
    });
  }

  /** Connects to ws://host:port/pico/ws with the token as `token.<t>` subprotocol. */
  static connect(url: string, token: string, sessionId?: string, timeoutMs = 10_000): Promise<PicoClient> {
    const target = sessionId ? `${url}?session_id=${encodeURIComponent(sessionId)}` : url;
    const socket = new WebSocket(target, [`token.${token}`]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pico connect timed out: ${target}`)), timeoutMs);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(new PicoClient(socket));
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error(`pico connect failed: ${target}`));
      });
    });
  }

  /** Sends message.send and resolves with the next reply text. */
  ask(content: string, timeoutMs = 30_000): Promise<string> {
    const reply = this.nextReply(timeoutMs);
    this.send(content);
    return reply;
  }

  /** Sends message.send without waiting. */
  send(content: string): void {
    this.#counter++;
    this.#socket.send(
      JSON.stringify({ type: "message.send", id: `m-${this.#counter}`, payload: { content } }),
    );
  }

  /** Resolves with the next reply (message.create/update with content that is not a placeholder). */
  nextReply(timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("pico reply timed out")), timeoutMs);
      this.#replyWaiters.push((text) => {
        clearTimeout(timer);
        resolve(text);
      });
    });
  }

  close(): Promise<number> {
    this.#socket.close();
    return this.#closed;
  }

  get closed(): Promise<number> {
    return this.#closed;
  }
}

/**
 * The platform seam: the only place that touches the runtime's servers, sockets and subprocesses.
 * `bun.ts` implements it on Bun's native APIs (x64/arm64 builds); `node.ts` on node:http, ws and
 * node:net (the armv7 Node single-executable build). Everything else in the project is shared.
 */

/** A server-side WebSocket connection. */
export interface ServerSocket {
  /** Sends one text frame; false when the socket is closed (the frame was not queued). */
  send(text: string): boolean;
  /** Sends a WebSocket ping control frame. */
  ping(): void;
  close(code?: number, reason?: string): void;
  readonly remoteAddress: string;
  /** Subprotocol agreed in the handshake, "" when none. */
  readonly protocol: string;
}

/** Callbacks of one upgraded WebSocket. Contract: the seam catches nothing they throw; keep them total. */
export interface WebSocketHandlers {
  open(socket: ServerSocket): void;
  message(socket: ServerSocket, data: string | Uint8Array): void;
  close(socket: ServerSocket, code: number, reason: string): void;
  pong?(socket: ServerSocket): void;
}

/** Options for accepting a WebSocket upgrade. */
export interface UpgradeOptions {
  /** Subprotocol to echo back (`Sec-WebSocket-Protocol`). */
  protocol?: string | undefined;
  /** Largest frame accepted; larger frames close this connection with 1009. */
  maxPayloadBytes?: number | undefined;
}

/** Per-request facts and the upgrade hook. */
export interface HttpContext {
  readonly remoteAddress: string;
  /** Upgrades the request to a WebSocket; false if it is not a valid upgrade request. */
  upgrade(handlers: WebSocketHandlers, options?: UpgradeOptions): boolean;
}

/** An HTTP handler; `undefined` means the request was upgraded (the seam sends nothing more). */
export type HttpHandler = (request: Request, context: HttpContext) => Promise<Response | undefined>;

/** A listening HTTP server. */
export interface HttpServer {
  readonly host: string;
  readonly port: number;
  /** Stops accepting; with `force`, open connections are closed too. */
  stop(force?: boolean): Promise<void>;
}

/** A TCP connection, accepted or dialled. Writes are buffered by the seam until the kernel takes them. */
export interface TcpSocket {
  /** Queues bytes; false when the socket is closed. */
  write(data: string | Uint8Array): boolean;
  /** Closes after queued bytes are flushed. */
  end(): void;
  /** Closes at once. */
  destroy(): void;
  readonly remoteAddress: string;
}

/** Callbacks of a TCP connection. */
export interface TcpHandlers {
  open(socket: TcpSocket): void;
  data(socket: TcpSocket, chunk: Uint8Array): void;
  close(socket: TcpSocket): void;
}

/** A listening TCP server. */
export interface TcpServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** A child process started by `spawn`. */
export interface ChildProcess {
  readonly pid: number;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  /** Writes to stdin; only when spawned with `stdin: "pipe"`. */
  writeStdin(data: string | Uint8Array): void;
  endStdin(): void;
  /** Resolves with the exit code (or 128+signal). */
  readonly exited: Promise<number>;
  /** Signals the whole process group (the child leads its own group). */
  killGroup(signal?: NodeJS.Signals): void;
}

/** How to start a child process. */
export interface SpawnOptions {
  cwd?: string | undefined;
  env?: Record<string, string | undefined> | undefined;
  stdin?: "pipe" | "ignore" | undefined;
}

/** The runtime seam. */
export interface Platform {
  readonly name: "bun" | "node";
  serveHttp(options: { host: string; port: number; handler: HttpHandler }): Promise<HttpServer>;
  listenTcp(options: { host: string; port: number; handlers: TcpHandlers }): Promise<TcpServer>;
  connectTcp(options: { host: string; port: number; handlers: TcpHandlers }): Promise<TcpSocket>;
  spawn(argv: readonly string[], options?: SpawnOptions): ChildProcess;
}

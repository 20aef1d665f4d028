/** TCP on Bun.listen / Bun.connect, with a per-socket write buffer (Bun writes may be partial). */
import type { Socket } from "bun";
import type { TcpHandlers, TcpServer, TcpSocket } from "./platform.ts";

interface SocketState {
  wrapper: TcpSocket;
  pending: Uint8Array[];
  ending: boolean;
  closed: boolean;
}

const encoder = new TextEncoder();

function wrap(socket: Socket<SocketState>): SocketState {
  const state: SocketState = {
    pending: [],
    ending: false,
    closed: false,
    wrapper: {
      remoteAddress: socket.remoteAddress ?? "",
      write(data) {
        if (state.closed || state.ending) return false;
        const bytes = typeof data === "string" ? encoder.encode(data) : data;
        if (state.pending.length > 0) {
          state.pending.push(bytes);
          return true;
        }
        const written = socket.write(bytes);
        if (written < bytes.length) state.pending.push(bytes.subarray(Math.max(0, written)));
        return true;
      },
      end() {
        if (state.closed) return;
        state.ending = true;
        if (state.pending.length === 0) socket.end();
      },
      destroy() {
        state.closed = true;
        state.pending.length = 0;
        socket.terminate();
      },
    },
  };
  return state;
}

function flush(socket: Socket<SocketState>): void {
  const state = socket.data;
  while (state.pending.length > 0) {
    const head = state.pending[0] as Uint8Array;
    const written = socket.write(head);
    if (written < head.length) {
      state.pending[0] = head.subarray(Math.max(0, written));
      return;
    }
    state.pending.shift();
  }
  if (state.ending) socket.end();
}

function socketHandlers(handlers: TcpHandlers) {
  return {
    open(socket: Socket<SocketState>) {
      socket.data = wrap(socket);
      handlers.open(socket.data.wrapper);
    },
    data(socket: Socket<SocketState>, chunk: Uint8Array) {
      handlers.data(socket.data.wrapper, chunk);
    },
    drain(socket: Socket<SocketState>) {
      flush(socket);
    },
    close(socket: Socket<SocketState>) {
      if (!socket.data) return;
      socket.data.closed = true;
      handlers.close(socket.data.wrapper);
    },
    error(socket: Socket<SocketState>) {
      if (socket.data) socket.data.closed = true;
    },
  };
}

export async function bunListenTcp(options: {
  host: string;
  port: number;
  handlers: TcpHandlers;
}): Promise<TcpServer> {
  const listener = Bun.listen<SocketState>({
    hostname: options.host,
    port: options.port,
    socket: socketHandlers(options.handlers),
  });
  return {
    host: options.host,
    port: listener.port,
    async stop() {
      listener.stop(true);
    },
  };
}

export async function bunConnectTcp(options: {
  host: string;
  port: number;
  handlers: TcpHandlers;
}): Promise<TcpSocket> {
  const socket = await Bun.connect<SocketState>({
    hostname: options.host,
    port: options.port,
    socket: socketHandlers(options.handlers),
  });
  return socket.data.wrapper;
}

/**
 * TCP on node:net for the Node build. node:net already queues writes until the kernel takes them,
 * so the wrapper only tracks whether the socket may still be written to.
 */
import { connect, createServer, type Socket } from "node:net";
import type { TcpHandlers, TcpServer, TcpSocket } from "./platform.ts";

function wrap(socket: Socket, handlers: TcpHandlers): TcpSocket {
  let open = true;
  const wrapper: TcpSocket = {
    remoteAddress: socket.remoteAddress ?? "",
    write(data) {
      if (!open || socket.destroyed || socket.writableEnded) return false;
      socket.write(data);
      return true;
    },
    end() {
      if (open && !socket.writableEnded) socket.end();
    },
    destroy() {
      open = false;
      socket.destroy();
    },
  };
  socket.on("data", (chunk: Buffer) => handlers.data(wrapper, chunk));
  // "close" always follows "error"; the handlers only need the close.
  socket.on("error", () => {});
  socket.once("close", () => {
    open = false;
    handlers.close(wrapper);
  });
  return wrapper;
}

/** Listens for TCP connections; resolves once bound. */
export async function nodeListenTcp(options: {
  host: string;
  port: number;
  handlers: TcpHandlers;
}): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    const wrapper = wrap(socket, options.handlers);
    options.handlers.open(wrapper);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    host: options.host,
    port: typeof address === "object" && address ? address.port : options.port,
    stop() {
      // Like Bun's listener.stop(true): stop accepting and drop the live connections too.
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/** Dials a TCP server; resolves once connected, rejects if the connection fails. */
export function nodeConnectTcp(options: {
  host: string;
  port: number;
  handlers: TcpHandlers;
}): Promise<TcpSocket> {
  return new Promise<TcpSocket>((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port });
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      const wrapper = wrap(socket, options.handlers);
      options.handlers.open(wrapper);
      resolve(wrapper);
    });
  });
}

/**
 * A local fake of PicoClaw's WhatsApp bridge (Bun.serve WebSocket on 127.0.0.1:0): it pushes
 * `{type:"message", …}` frames as a phone would, records `{type:"message", to, content}` frames from the
 * gateway, and can drop the connection, refuse connections or send malformed frames.
 */
import type { Server, ServerWebSocket } from "bun";

/** The fake and its hooks. */
export interface FakeBridge {
  readonly url: string;
  readonly connections: number;
  /** Frames the gateway sent, parsed. */
  readonly received: { type: string; to: string; content: string }[];
  /** Pushes an incoming WhatsApp message; `chat` defaults to `from` (a direct chat). */
  incoming(message: {
    id?: string;
    from: string;
    chat?: string;
    content: string;
    from_name?: string;
    media?: string[];
  }): void;
  pushRaw(text: string): void;
  drop(): void;
  /** While true, upgrade requests are answered 503 (the bridge is "down"). */
  refuse(on: boolean): void;
  readonly refused: number;
  stop(): Promise<void>;
}

/** Starts the fake. */
export function startFakeBridge(): FakeBridge {
  const received: FakeBridge["received"] = [];
  let socket: ServerWebSocket<undefined> | undefined;
  let connections = 0;
  let refusing = false;
  let refused = 0;
  let serial = 0;
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request, srv) {
      if (refusing) {
        refused++;
        return new Response("bridge down", { status: 503 });
      }
      return srv.upgrade(request) ? undefined : new Response("upgrade required", { status: 426 });
    },
    websocket: {
      open(ws) {
        socket = ws;
        connections++;
        ws.send(JSON.stringify({ type: "status", status: "connected" }));
      },
      message(_ws, data) {
        received.push(JSON.parse(String(data)) as FakeBridge["received"][number]);
      },
      close(ws) {
        if (socket === ws) socket = undefined;
      },
    },
  });
  const push = (text: string) => {
    if (!socket) throw new Error("fake bridge: no client connected");
    socket.send(text);
  };
  return {
    url: `ws://127.0.0.1:${server.port}/`,
    get connections() {
      return connections;
    },
    get refused() {
      return refused;
    },
    received,
    incoming: (m) =>
      push(
        JSON.stringify({
          type: "message",
          id: m.id ?? `wamid-${++serial}`,
          timestamp: 1,
          chat: m.chat ?? m.from,
          ...m,
        }),
      ),
    pushRaw: push,
    drop: () => socket?.terminate(),
    refuse: (on) => {
      refusing = on;
    },
    stop: () => server.stop(true),
  };
}

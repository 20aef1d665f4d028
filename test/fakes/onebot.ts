/**
 * A local fake of a OneBot v11 implementation's forward WebSocket server (Bun.serve on 127.0.0.1:0):
 * it checks `Authorization: Bearer <access_token>`, answers get_login_info and send_*_msg by echo,
 * pushes message events, and can drop the connection, stay silent or send malformed frames. Like the QQ
 * media CDN, it also serves files under /media/ without auth and records every media request.
 */
import type { Server, ServerWebSocket } from "bun";

/** One API request the fake received. */
export interface OneBotRequest {
  action: string;
  params: Record<string, unknown>;
  echo: string;
  at: number;
}

/** The fake and its hooks. */
export interface FakeOneBot {
  readonly url: string;
  readonly token: string;
  readonly selfId: number;
  readonly requests: OneBotRequest[];
  readonly connections: number;
  readonly rejectedAuth: number;
  /** Paths of media requests received (served or not). */
  readonly mediaRequests: string[];
  /** Serves `bytes` at a fresh /media/ URL and returns it. */
  addMedia(name: string, bytes: Uint8Array, contentType?: string): string;
  sends(): OneBotRequest[];
  /** Pushes a private message event; returns its message id. */
  privateMessage(userId: number, message: unknown, messageId?: number): number;
  /** Pushes a group message event; returns its message id. */
  groupMessage(groupId: number, userId: number, message: unknown, messageId?: number): number;
  pushEvent(event: Record<string, unknown>): void;
  pushRaw(text: string): void;
  /** Closes the socket abruptly. */
  drop(): void;
  /** The next send answers `{status:"failed", retcode}`. */
  failNextSend(retcode: number): void;
  /** The next send gets no answer at all. */
  ignoreNextSend(): void;
  stop(): Promise<void>;
}

/** Starts the fake. */
export function startFakeOneBot(options: { token?: string; selfId?: number } = {}): FakeOneBot {
  const token = options.token ?? "onebot-token";
  const selfId = options.selfId ?? 10001;
  const requests: OneBotRequest[] = [];
  let socket: ServerWebSocket<undefined> | undefined;
  let connections = 0;
  let rejectedAuth = 0;
  let serial = 5000;
  let failRetcode: number | undefined;
  let ignoreNext = false;
  const mediaRequests: string[] = [];
  const mediaFiles = new Map<string, { bytes: Uint8Array; contentType: string }>();

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request, srv) {
      const path = new URL(request.url).pathname;
      if (path.startsWith("/media/")) {
        mediaRequests.push(path);
        const file = mediaFiles.get(path);
        return file
          ? new Response(file.bytes, { headers: { "content-type": file.contentType } })
          : new Response("not found", { status: 404 });
      }
      if (request.headers.get("authorization") !== `Bearer ${token}`) {
        rejectedAuth++;
        return new Response("unauthorized", { status: 401 });
      }
      return srv.upgrade(request) ? undefined : new Response("upgrade required", { status: 426 });
    },
    websocket: {
      open(ws) {
        socket = ws;
        connections++;
        ws.send(
          JSON.stringify({
            post_type: "meta_event",
            meta_event_type: "lifecycle",
            sub_type: "connect",
            self_id: selfId,
            time: 1,
          }),
        );
      },
      message(ws, data) {
        const frame = JSON.parse(String(data)) as {
          action: string;
          params?: Record<string, unknown>;
          echo: string;
        };
        requests.push({ action: frame.action, params: frame.params ?? {}, echo: frame.echo, at: Date.now() });
        const answer = (body: Record<string, unknown>) =>
          ws.send(JSON.stringify({ ...body, echo: frame.echo }));
        if (frame.action === "get_login_info") {
          answer({ status: "ok", retcode: 0, data: { user_id: selfId, nickname: "PicoBot" } });
        } else if (frame.action === "send_private_msg" || frame.action === "send_group_msg") {
          if (ignoreNext) {
            ignoreNext = false;
            return;
          }
          if (failRetcode !== undefined) {
            const retcode = failRetcode;
            failRetcode = undefined;
            answer({ status: "failed", retcode, data: null, wording: "send failed" });
            return;
          }
          answer({ status: "ok", retcode: 0, data: { message_id: ++serial } });
        } else {
          answer({ status: "failed", retcode: 1404, data: null, wording: "unknown action" });
        }
      },
      close(ws) {
        if (socket === ws) socket = undefined;
      },
    },
  });

  const push = (frame: unknown) => {
    if (!socket) throw new Error("fake onebot: no client connected");
    socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  };
  const base = (messageId: number) => ({
    post_type: "message",
    time: 1,
    self_id: selfId,
    message_id: messageId,
  });

  return {
    url: `ws://127.0.0.1:${server.port}/`,
    token,
    selfId,
    requests,
    get connections() {
      return connections;
    },
    get rejectedAuth() {
      return rejectedAuth;
    },
    mediaRequests,
    addMedia(name, bytes, contentType = "image/png") {
      const path = `/media/${++serial}/${encodeURIComponent(name)}`;
      mediaFiles.set(path, { bytes, contentType });
      return `http://127.0.0.1:${server.port}${path}?rkey=secret`;
    },
    sends: () => requests.filter((r) => r.action.startsWith("send_")),
    privateMessage(userId, message, messageId = ++serial) {
      push({
        ...base(messageId),
        message_type: "private",
        sub_type: "friend",
        user_id: userId,
        message,
        sender: { user_id: userId, nickname: `u${userId}` },
      });
      return messageId;
    },
    groupMessage(groupId, userId, message, messageId = ++serial) {
      push({
        ...base(messageId),
        message_type: "group",
        sub_type: "normal",
        group_id: groupId,
        user_id: userId,
        message,
        sender: { user_id: userId, nickname: `u${userId}`, card: "" },
      });
      return messageId;
    },
    pushEvent: (event) => push(event),
    pushRaw: (text) => push(text),
    drop: () => socket?.terminate(),
    failNextSend: (retcode) => {
      failRetcode = retcode;
    },
    ignoreNextSend: () => {
      ignoreNext = true;
    },
    stop: () => server.stop(true),
  };
}

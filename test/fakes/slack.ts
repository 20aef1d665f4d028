/**
 * A local fake of Slack (Bun.serve on 127.0.0.1:0): the Web API methods the channel calls (JSON bodies,
 * Bearer tokens, `{ok:false,error}` and HTTP 429 + Retry-After), and Socket Mode: apps.connections.open
 * hands out a single-use ws:// URL whose socket says hello, carries envelopes and records acks. Files:
 * private downloads under /files/ (bot token required) and the external upload flow
 * (files.getUploadURLExternal → POST /upload/<id> → files.completeUploadExternal), url-encoded bodies.
 */
import type { Server, ServerWebSocket } from "bun";

/** One recorded Web API call. */
export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  token: string;
  at: number;
  status: number;
}

/** A file that went through the upload flow. */
export interface SlackUpload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Uint8Array | undefined;
  /** Set by files.completeUploadExternal. */
  shared?: { channel: string; threadTs: string; title: string; comment: string } | undefined;
}

/** The fake and its hooks. */
export interface FakeSlack {
  /** Web API root for `settings.base_url`. */
  readonly apiBase: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly calls: SlackCall[];
  readonly acks: string[];
  readonly uploads: SlackUpload[];
  /** Private file downloads served so far (with the right token). */
  readonly downloads: string[];
  /** Serves `bytes` as a private file; returns its `url_private_download`. */
  addFile(name: string, bytes: Uint8Array): string;
  /** Sockets opened so far. */
  readonly connections: number;
  callsOf(method: string): SlackCall[];
  /** Resolves once `predicate` holds (checked on every macrotask), rejects after the timeout. */
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  /** Sends an events_api envelope with `event`; returns its envelope id. */
  sendEvent(event: Record<string, unknown>, teamId?: string): string;
  sendSlashCommand(payload: Record<string, unknown>): string;
  sendRaw(text: string): void;
  sendDisconnect(reason?: string): void;
  /** Closes the socket abruptly from the server side. */
  dropSocket(): void;
  /** The next call of `method` answers HTTP 429 with `Retry-After: seconds`. */
  rateLimitNext(method: string, seconds: number): void;
  /** The next call of `method` answers `{ok:false, error}`. */
  failNext(method: string, error: string): void;
  stop(): Promise<void>;
}

interface SocketData {
  ticket: string;
}

/** Starts the fake. */
export function startFakeSlack(options: { botUserId?: string; teamId?: string } = {}): FakeSlack {
  const botToken = "xoxb-fake-bot";
  const appToken = "xapp-fake-app";
  const botUserId = options.botUserId ?? "UBOT";
  const teamId = options.teamId ?? "T001";
  const calls: SlackCall[] = [];
  const acks: string[] = [];
  const tickets = new Set<string>();
  const rateLimits = new Map<string, number>();
  const failures = new Map<string, string>();
  const uploads: SlackUpload[] = [];
  const downloads: string[] = [];
  const privateFiles = new Map<string, Uint8Array>();
  let socket: ServerWebSocket<SocketData> | undefined;
  let connections = 0;
  let serial = 0;

  const server: Server<SocketData> = Bun.serve<SocketData>({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request, srv) {
      const url = new URL(request.url);
      if (url.pathname === "/socket") {
        const ticket = url.searchParams.get("ticket") ?? "";
        if (!tickets.delete(ticket)) return new Response("bad ticket", { status: 401 });
        return srv.upgrade(request, { data: { ticket } })
          ? undefined
          : new Response("no upgrade", { status: 400 });
      }
      const token = (request.headers.get("authorization") ?? "").replace(/^Bearer /, "");
      if (url.pathname.startsWith("/files/")) {
        const file = privateFiles.get(url.pathname);
        if (token !== botToken) return new Response("not authorized", { status: 403 });
        if (!file) return new Response("not found", { status: 404 });
        downloads.push(url.pathname);
        return new Response(file);
      }
      if (url.pathname.startsWith("/upload/")) {
        const upload = uploads.find((u) => `/upload/${u.fileId}` === url.pathname);
        if (!upload || request.method !== "POST") return new Response("bad upload", { status: 404 });
        upload.bytes = new Uint8Array(await request.arrayBuffer());
        return new Response(`OK - ${upload.bytes.byteLength}`);
      }
      const method = url.pathname.replace(/^\/api\//, "");
      const body = await readBody(request);
      const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        calls.push({ method, body, token, at: Date.now(), status });
        return Response.json(json, { status, headers });
      };
      const limited = rateLimits.get(method);
      if (limited !== undefined) {
        rateLimits.delete(method);
        return answer(429, { ok: false, error: "ratelimited" }, { "retry-after": String(limited) });
      }
      const failure = failures.get(method);
      if (failure !== undefined) {
        failures.delete(method);
        return answer(200, { ok: false, error: failure });
      }
      const expected = method === "apps.connections.open" ? appToken : botToken;
      if (token !== expected) return answer(200, { ok: false, error: "invalid_auth" });
      switch (method) {
        case "auth.test":
          return answer(200, {
            ok: true,
            user_id: botUserId,
            team_id: teamId,
            team: "Fake Team",
            user: "bot",
          });
        case "apps.connections.open": {
          const ticket = `t${++serial}`;
          tickets.add(ticket);
          return answer(200, { ok: true, url: `ws://127.0.0.1:${server.port}/socket?ticket=${ticket}` });
        }
        case "chat.postMessage": {
          const ts = `1700000000.${String(++serial).padStart(6, "0")}`;
          return answer(200, { ok: true, channel: body["channel"], ts, message: { text: body["text"], ts } });
        }
        case "chat.update":
          return answer(200, { ok: true, channel: body["channel"], ts: body["ts"], text: body["text"] });
        case "files.getUploadURLExternal": {
          const length = Number(body["length"]);
          if (!body["filename"] || !(length > 0))
            return answer(200, { ok: false, error: "missing_argument" });
          const fileId = `F${++serial}`;
          uploads.push({ fileId, filename: String(body["filename"]), length, bytes: undefined });
          const uploadUrl = `http://127.0.0.1:${server.port}/upload/${fileId}`;
          return answer(200, { ok: true, upload_url: uploadUrl, file_id: fileId });
        }
        case "files.completeUploadExternal": {
          const files = JSON.parse(String(body["files"] ?? "[]")) as { id: string; title?: string }[];
          const found = files.map((f) => uploads.find((u) => u.fileId === f.id && u.bytes !== undefined));
          if (files.length === 0 || found.some((u) => !u))
            return answer(200, { ok: false, error: "file_not_found" });
          files.forEach((f, i) => {
            const upload = found[i] as SlackUpload;
            upload.shared = {
              channel: String(body["channel_id"] ?? ""),
              threadTs: String(body["thread_ts"] ?? ""),
              title: f.title ?? "",
              comment: String(body["initial_comment"] ?? ""),
            };
          });
          return answer(200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
        }
        case "chat.delete":
        case "reactions.add":
          return answer(200, { ok: true });
        default:
          return answer(404, { ok: false, error: "unknown_method" });
      }
    },
    websocket: {
      open(ws) {
        socket = ws;
        connections++;
        ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" } }));
      },
      message(_ws, data) {
        const frame = JSON.parse(String(data)) as { envelope_id?: string };
        if (frame.envelope_id) acks.push(frame.envelope_id);
      },
      close(ws) {
        if (socket === ws) socket = undefined;
      },
    },
  });

  const send = (frame: unknown) => {
    if (!socket) throw new Error("fake slack: no socket connected");
    socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  };
  const envelope = (type: string, payload: unknown) => {
    const id = `env-${++serial}`;
    send({ envelope_id: id, type, payload, accepts_response_payload: false, retry_attempt: 0 });
    return id;
  };

  return {
    apiBase: `http://127.0.0.1:${server.port}/api`,
    botToken,
    appToken,
    calls,
    acks,
    uploads,
    downloads,
    addFile(name, bytes) {
      const path = `/files/T001/${++serial}/${encodeURIComponent(name)}`;
      privateFiles.set(path, bytes);
      return `http://127.0.0.1:${server.port}${path}`;
    },
    get connections() {
      return connections;
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    until: (predicate, timeoutMs) => until(predicate, timeoutMs),
    sendEvent: (event, team = teamId) =>
      envelope("events_api", { team_id: team, type: "event_callback", event_id: `Ev${serial}`, event }),
    sendSlashCommand: (payload) => envelope("slash_commands", { team_id: teamId, ...payload }),
    sendRaw: (text) => send(text),
    sendDisconnect: (reason = "refresh_requested") => send({ type: "disconnect", reason }),
    dropSocket: () => socket?.terminate(),
    rateLimitNext: (method, seconds) => rateLimits.set(method, seconds),
    failNext: (method, error) => failures.set(method, error),
    stop: () => server.stop(true),
  };
}

/** Waits for a condition that changes through I/O, checking once per macrotask. */
export async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** JSON or url-encoded request bodies, as the Web API accepts both. */
async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text) return {};
  if ((request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text) as Record<string, unknown>;
}

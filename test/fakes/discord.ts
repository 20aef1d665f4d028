/**
 * A local fake of Discord (Bun.serve on 127.0.0.1:0): REST v10 routes for messages, edits, deletes,
 * typing and GET /gateway/bot, plus a Gateway WebSocket speaking the v10 opcodes in JSON (Hello,
 * Identify → READY with session_id and resume_gateway_url, Resume → replay + RESUMED, heartbeats and
 * acks, MESSAGE_CREATE dispatches). Hooks close the socket, send op 7 / op 9, stop acking heartbeats and
 * answer REST with 429; every REST call and gateway event is recorded with its arrival time.
 */
import type { ServerWebSocket } from "bun";

/** A recorded REST call or gateway event. */
export interface DiscordEvent {
  kind: "rest" | "identify" | "resume" | "heartbeat" | "connect";
  method?: string | undefined;
  path?: string | undefined;
  body?: unknown;
  at: number;
}

/** A message as the channel shows it now. */
export interface ShownMessage {
  id: string;
  content: string;
}

/** A REST fault: a status with Discord's JSON error (429 carries retry_after seconds). */
export interface RestFault {
  status: number;
  retryAfter?: number | undefined;
  global?: boolean | undefined;
}

/** The running fake. */
export interface FakeDiscord {
  readonly restBase: string;
  readonly token: string;
  readonly botId: string;
  readonly events: readonly DiscordEvent[];
  rest(method?: string): DiscordEvent[];
  /** Dispatches MESSAGE_CREATE (buffered for replay while the bot is disconnected). */
  dispatchMessage(m: {
    channelId: string;
    content: string;
    guildId?: string;
    authorId?: string;
    bot?: boolean;
    mentions?: string[];
    attachments?: unknown[];
  }): string;
  sendRaw(text: string): void;
  closeSocket(code?: number, reason?: string): void;
  sendReconnect(): void;
  sendInvalidSession(resumable: boolean): void;
  setAcking(acking: boolean): void;
  failNext(method: string, pathPattern: RegExp, fault: RestFault): void;
  addAttachment(name: string, bytes: Uint8Array): string;
  waitFor(match: (event: DiscordEvent) => boolean, timeoutMs?: number): Promise<DiscordEvent>;
  channel(channelId: string): ShownMessage[];
  stop(): Promise<void>;
}

interface SessionState {
  id: string;
  seq: number;
  log: { s: number; frame: string }[];
}

/** Starts the fake; `heartbeatIntervalMs` is what Hello announces. */
export async function startFakeDiscord(
  options: { heartbeatIntervalMs?: number; token?: string } = {},
): Promise<FakeDiscord> {
  const token = options.token ?? "discord-test-token";
  const botId = "900000000000000001";
  const events: DiscordEvent[] = [];
  const waiters = new Set<() => void>();
  const faults: { method: string; path: RegExp; fault: RestFault }[] = [];
  const channels = new Map<string, ShownMessage[]>();
  const attachments = new Map<string, Uint8Array>();
  const sessions = new Map<string, SessionState>();
  let socket: ServerWebSocket<unknown> | undefined;
  let session: SessionState | undefined;
  let acking = true;
  let nextId = 1_000_000_000_000_000_000n;
  const snowflake = () => String(nextId++);

  const record = (event: Omit<DiscordEvent, "at">) => {
    events.push({ ...event, at: performance.now() });
    for (const wake of [...waiters]) wake();
  };
  const send = (payload: unknown) => socket?.send(JSON.stringify(payload));
  const dispatch = (t: string, d: unknown) => {
    if (!session) return;
    const s = ++session.seq;
    const frame = JSON.stringify({ op: 0, t, s, d });
    session.log.push({ s, frame });
    socket?.send(frame);
  };
  const shown = (id: string) => channels.get(id) ?? (channels.set(id, []).get(id) as ShownMessage[]);
  const json = (body: unknown, status = 200) => Response.json(body, { status });

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request, srv): Promise<Response | undefined> {
      const url = new URL(request.url);
      if (url.pathname === "/gateway" || url.pathname === "/resume") {
        record({ kind: "connect", path: url.pathname });
        return srv.upgrade(request, { data: undefined })
          ? undefined
          : new Response("upgrade failed", { status: 400 });
      }
      if (url.pathname.startsWith("/attachments/")) {
        const bytes = attachments.get(url.pathname.slice("/attachments/".length));
        return bytes ? new Response(bytes) : new Response("not found", { status: 404 });
      }
      const path = url.pathname.replace(/^\/api\/v10/, "");
      const body = await readBody(request);
      record({ kind: "rest", method: request.method, path, body });
      if (request.headers.get("authorization") !== `Bot ${token}`)
        return json({ message: "401: Unauthorized", code: 0 }, 401);
      const at = faults.findIndex((f) => f.method === request.method && f.path.test(path));
      if (at >= 0) {
        const fault = faults.splice(at, 1)[0]?.fault ?? { status: 500 };
        const retry = fault.retryAfter ?? 1;
        if (fault.status === 429) {
          return json(
            { message: "You are being rate limited.", retry_after: retry, global: fault.global ?? false },
            429,
          );
        }
        return json({ message: "fault", code: 0 }, fault.status);
      }
      return route(request.method, path, body, `ws://127.0.0.1:${srv.port}`);
    },
    websocket: {
      open(ws) {
        socket?.close(4000, "replaced");
        socket = ws;
        ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 45_000 } }));
      },
      message(ws, raw) {
        const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> | number | null };
        const d = typeof frame.d === "object" && frame.d !== null ? frame.d : {};
        if (frame.op === 1) {
          record({ kind: "heartbeat", body: frame.d });
          if (acking) ws.send(JSON.stringify({ op: 11 }));
        } else if (frame.op === 2) {
          record({ kind: "identify", body: d });
          if (d["token"] !== token) return ws.close(4004, "Authentication failed.");
          session = { id: `sess-${sessions.size + 1}`, seq: 0, log: [] };
          sessions.set(session.id, session);
          const user = { id: botId, username: "pico", bot: true };
          dispatch("READY", {
            v: 10,
            user,
            session_id: session.id,
            resume_gateway_url: `ws://127.0.0.1:${server.port}/resume`,
            guilds: [],
          });
        } else if (frame.op === 6) {
          record({ kind: "resume", body: d });
          const known = sessions.get(String(d["session_id"]));
          if (!known || d["token"] !== token) return void ws.send(JSON.stringify({ op: 9, d: false }));
          session = known;
          const from = Number(d["seq"] ?? 0);
          for (const entry of known.log) if (entry.s > from) ws.send(entry.frame);
          dispatch("RESUMED", {});
        }
      },
      close(ws) {
        if (socket === ws) socket = undefined;
      },
    },
  });

  function route(method: string, path: string, body: unknown, wsBase: string): Response {
    if (method === "GET" && path === "/gateway/bot") {
      return json({
        url: `${wsBase}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    const typing = /^\/channels\/(\d+)\/typing$/.exec(path);
    if (typing && method === "POST") return new Response(null, { status: 204 });
    const create = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (create && method === "POST") {
      const content = String((body as Record<string, unknown>)?.["content"] ?? "");
      const message = { id: snowflake(), content };
      shown(create[1] ?? "").push(message);
      return json({ ...message, channel_id: create[1] });
    }
    const one = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (one) {
      const list = shown(one[1] ?? "");
      const index = list.findIndex((m) => m.id === one[2]);
      if (index < 0) return json({ message: "Unknown Message", code: 10008 }, 404);
      if (method === "DELETE") {
        list.splice(index, 1);
        return new Response(null, { status: 204 });
      }
      if (method === "PATCH") {
        const message = list[index] as ShownMessage;
        message.content = String((body as Record<string, unknown>)?.["content"] ?? message.content);
        return json({ ...message, channel_id: one[1] });
      }
    }
    return json({ message: "404: Not Found", code: 0 }, 404);
  }

  return {
    restBase: `http://127.0.0.1:${server.port}/api/v10`,
    token,
    botId,
    events,
    rest: (method) => events.filter((e) => e.kind === "rest" && (!method || e.method === method)),
    dispatchMessage(m) {
      const id = snowflake();
      const author = { id: m.authorId ?? "100000000000000042", username: "ada", bot: m.bot ?? false };
      const mentions = (m.mentions ?? []).map((uid) => ({ id: uid, username: uid === botId ? "pico" : "x" }));
      dispatch("MESSAGE_CREATE", {
        id,
        channel_id: m.channelId,
        ...(m.guildId ? { guild_id: m.guildId } : {}),
        author,
        content: m.content,
        mentions,
        attachments: m.attachments ?? [],
      });
      return id;
    },
    sendRaw: (text) => socket?.send(text),
    closeSocket: (code = 4000, reason = "fake close") => socket?.close(code, reason),
    sendReconnect: () => send({ op: 7, d: null }),
    sendInvalidSession: (resumable) => send({ op: 9, d: resumable }),
    setAcking(value) {
      acking = value;
    },
    failNext(method, path, fault) {
      faults.push({ method, path, fault });
    },
    addAttachment(name, bytes) {
      attachments.set(name, bytes);
      return `http://127.0.0.1:${server.port}/attachments/${name}`;
    },
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fake discord: no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    channel: (id) => [...(channels.get(id) ?? [])],
    async stop() {
      socket?.close(1001, "fake stopping");
      await server.stop(true);
    },
  };
}

async function readBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("multipart/form-data")) {
    const form = await request.formData();
    const out: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      out[key] = typeof value === "string" ? value : { filename: value.name, size: value.size };
    }
    const payload = out["payload_json"];
    return typeof payload === "string"
      ? { ...out, ...(JSON.parse(payload) as Record<string, unknown>) }
      : out;
  }
  const text = await request.text();
  return text ? JSON.parse(text) : undefined;
}

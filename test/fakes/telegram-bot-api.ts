/**
 * A local fake of the Telegram Bot API (Bun.serve on 127.0.0.1:0) speaking the documented wire format:
 * `/bot<token>/<method>` with JSON or multipart bodies, `{ok, result}` / `{ok:false, error_code,
 * description, parameters}` answers, getUpdates long polls held until an update arrives, and
 * `/file/bot<token>/<path>` downloads; editMessageText edits a sent message, setMyCommands checks the menu. Script hooks inject 429/409/5xx, malformed JSON and dropped
 * connections; every call is recorded with its arrival time so tests assert order and spacing.
 */

/** An injected failure: an API error answer, a body that is not JSON, or a connection reset. */
export type TelegramFault =
  | { code: number; description: string; retryAfter?: number | undefined }
  | "malformed"
  | "drop";

/** One recorded API call. Multipart file fields appear as `{ filename, size, type }`. */
export interface TgCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
}

/** A message as the chat shows it now (after edits; deleted ones are gone). */
export interface ChatEntry {
  messageId: number;
  text: string;
  parseMode?: string | undefined;
  threadId?: number | undefined;
}

/** What a test builds an incoming message from. */
export interface IncomingMessage {
  chatId: number;
  text?: string | undefined;
  fromId?: number | undefined;
  username?: string | undefined;
  chatType?: "private" | "group" | "supergroup" | undefined;
  isForum?: boolean | undefined;
  threadId?: number | undefined;
  entities?: readonly Record<string, unknown>[] | undefined;
  replyTo?: Record<string, unknown> | undefined;
  photoFileId?: string | undefined;
  voiceFileId?: string | undefined;
  documentFileId?: string | undefined;
  caption?: string | undefined;
}

/** The running fake. */
export interface FakeTelegram {
  readonly baseUrl: string;
  readonly token: string;
  readonly bot: { id: number; username: string };
  readonly calls: readonly TgCall[];
  callsTo(method: string): TgCall[];
  /** Queues a raw update (an `update_id` is assigned when missing); returns its id. */
  pushUpdate(update: Record<string, unknown>): number;
  pushMessage(message: IncomingMessage): number;
  addFile(fileId: string, path: string, bytes: Uint8Array): void;
  /** The next `times` calls to `method` fail with `fault`. */
  failNext(method: string, fault: TelegramFault, times?: number): void;
  /** Every call to `method` fails with `fault` until cleared with undefined. */
  failAlways(method: string, fault: TelegramFault | undefined): void;
  /** Resolves with the first recorded call (past or future) matching `match`. */
  waitForCall(match: (call: TgCall) => boolean, timeoutMs?: number): Promise<TgCall>;
  chat(chatId: number): ChatEntry[];
  stop(): Promise<void>;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const apiError = (code: number, description: string, retryAfter?: number) =>
  json(
    {
      ok: false,
      error_code: code,
      description,
      ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
    },
    code,
  );

/** Starts the fake. `maxHoldMs` caps how long an empty getUpdates is held (default: its `timeout`). */
export async function startFakeTelegram(
  options: { token?: string; botId?: number; username?: string; maxHoldMs?: number } = {},
): Promise<FakeTelegram> {
  const token = options.token ?? "123456:TEST-token";
  const bot = { id: options.botId ?? 777, username: options.username ?? "pico_test_bot" };
  const calls: TgCall[] = [];
  const callWaiters = new Set<() => void>();
  let updates: Record<string, unknown>[] = [];
  let nextUpdateId = 1;
  const updateWaiters = new Set<() => void>();
  const faults = new Map<string, TelegramFault[]>();
  const standing = new Map<string, TelegramFault>();
  const files = new Map<string, { path: string; bytes: Uint8Array }>();
  const chats = new Map<number, ChatEntry[]>();
  let nextMessageId = 1000;

  const record = (method: string, params: Record<string, unknown>) => {
    calls.push({ method, params, at: performance.now() });
    for (const wake of [...callWaiters]) wake();
  };
  const chatOf = (id: unknown) => {
    const list = chats.get(Number(id)) ?? [];
    chats.set(Number(id), list);
    return list;
  };

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(path);
      if (fileMatch) {
        const file = [...files.values()].find((f) => f.path === fileMatch[2]);
        if (fileMatch[1] !== token || !file) return new Response("Not Found", { status: 404 });
        return new Response(file.bytes);
      }
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(path);
      if (!match) return apiError(404, "Not Found");
      if (match[1] !== token) return apiError(401, "Unauthorized");
      const method = match[2] ?? "";
      const params = await readParams(request);
      record(method, params);
      const fault = faults.get(method)?.shift() ?? standing.get(method);
      if (fault === "malformed")
        return new Response("{not json", { headers: { "content-type": "application/json" } });
      if (fault === "drop") return new Response(new ReadableStream({ start: (c) => c.error() }));
      if (fault) return apiError(fault.code, fault.description, fault.retryAfter);
      return handle(method, params, request.signal);
    },
  });

  async function handle(method: string, p: Record<string, unknown>, signal: AbortSignal): Promise<Response> {
    switch (method) {
      case "getMe":
        return json({
          ok: true,
          result: { id: bot.id, is_bot: true, first_name: "Pico", username: bot.username },
        });
      case "getUpdates":
        return json({ ok: true, result: await pollUpdates(p, signal) });
      case "sendMessage":
      case "sendPhoto":
      case "sendDocument":
      case "sendAudio":
      case "sendVideo": {
        const text = String(p["text"] ?? p["caption"] ?? "");
        const bad = method === "sendMessage" ? checkEntities(text, p["parse_mode"]) : undefined;
        if (bad) return apiError(400, `Bad Request: can't parse entities: ${bad}`);
        const entry: ChatEntry = {
          messageId: nextMessageId++,
          text,
          parseMode: typeof p["parse_mode"] === "string" ? p["parse_mode"] : undefined,
          threadId: typeof p["message_thread_id"] === "number" ? p["message_thread_id"] : undefined,
        };
        chatOf(p["chat_id"]).push(entry);
        return json({ ok: true, result: { message_id: entry.messageId, chat: { id: p["chat_id"] }, text } });
      }
      case "editMessageText": {
        const entry = chatOf(p["chat_id"]).find((m) => m.messageId === p["message_id"]);
        if (!entry) return apiError(400, "Bad Request: message to edit not found");
        const bad = checkEntities(String(p["text"] ?? ""), p["parse_mode"]);
        if (bad) return apiError(400, `Bad Request: can't parse entities: ${bad}`);
        if (entry.text === p["text"]) return apiError(400, "Bad Request: message is not modified");
        entry.text = String(p["text"] ?? "");
        entry.parseMode = typeof p["parse_mode"] === "string" ? p["parse_mode"] : undefined;
        return json({ ok: true, result: { message_id: entry.messageId, text: entry.text } });
      }
      case "deleteMessage": {
        const list = chatOf(p["chat_id"]);
        const at = list.findIndex((m) => m.messageId === p["message_id"]);
        if (at < 0) return apiError(400, "Bad Request: message to delete not found");
        list.splice(at, 1);
        return json({ ok: true, result: true });
      }
      case "sendChatAction":
        return json({ ok: true, result: true });
      case "setMyCommands": {
        const bad = checkCommands(p["commands"]);
        if (bad) return apiError(400, `Bad Request: ${bad}`);
        return json({ ok: true, result: true });
      }
      case "getFile": {
        const file = files.get(String(p["file_id"]));
        if (!file) return apiError(400, "Bad Request: invalid file_id");
        return json({
          ok: true,
          result: { file_id: p["file_id"], file_size: file.bytes.length, file_path: file.path },
        });
      }
      default:
        return apiError(404, "Not Found: method not found");
    }
  }

  async function pollUpdates(p: Record<string, unknown>, signal: AbortSignal): Promise<unknown[]> {
    const offset = typeof p["offset"] === "number" ? p["offset"] : 0;
    // Calling with an offset confirms every earlier update (Bot API §getUpdates).
    if (offset > 0) updates = updates.filter((u) => Number(u["update_id"]) >= offset);
    if (updates.length === 0) {
      const holdMs = Math.min(
        Number(p["timeout"] ?? 0) * 1000,
        options.maxHoldMs ?? Number.POSITIVE_INFINITY,
      );
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          updateWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, holdMs);
        updateWaiters.add(done);
        signal.addEventListener("abort", done, { once: true });
      });
    }
    return updates.slice(0, 100);
  }

  const fake: FakeTelegram = {
    baseUrl: `http://127.0.0.1:${server.port}`,
    token,
    bot,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    pushUpdate(update) {
      const id = typeof update["update_id"] === "number" ? update["update_id"] : nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      updates.push({ ...update, update_id: id });
      for (const wake of [...updateWaiters]) wake();
      return id;
    },
    pushMessage(m) {
      return fake.pushUpdate({ message: buildMessage(m, nextMessageId++) });
    },
    addFile(fileId, path, bytes) {
      files.set(fileId, { path, bytes });
    },
    failNext(method, fault, times = 1) {
      const list = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(fault);
      faults.set(method, list);
    },
    failAlways(method, fault) {
      if (fault) standing.set(method, fault);
      else standing.delete(method);
    },
    waitForCall(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find(match);
          if (!found) return;
          clearTimeout(timer);
          callWaiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          callWaiters.delete(check);
          reject(new Error(`fake telegram: no matching call within ${timeoutMs} ms`));
        }, timeoutMs);
        callWaiters.add(check);
        check();
      });
    },
    chat: (chatId) => [...(chats.get(chatId) ?? [])],
    async stop() {
      for (const wake of [...updateWaiters]) wake();
      await server.stop(true);
    },
  };
  return fake;
}

function buildMessage(m: IncomingMessage, messageId: number): Record<string, unknown> {
  const fromId = m.fromId ?? 42;
  const message: Record<string, unknown> = {
    message_id: messageId,
    date: Math.floor(Date.now() / 1000),
    from: { id: fromId, is_bot: false, first_name: "Ada", username: m.username ?? "ada" },
    chat: { id: m.chatId, type: m.chatType ?? "private", ...(m.isForum ? { is_forum: true } : {}) },
  };
  if (m.text !== undefined) message["text"] = m.text;
  if (m.caption !== undefined) message["caption"] = m.caption;
  if (m.entities) message[m.text !== undefined ? "entities" : "caption_entities"] = m.entities;
  if (m.threadId) Object.assign(message, { message_thread_id: m.threadId, is_topic_message: true });
  if (m.replyTo) message["reply_to_message"] = m.replyTo;
  if (m.photoFileId) message["photo"] = [{ file_id: m.photoFileId, width: 90, height: 90 }];
  if (m.voiceFileId) message["voice"] = { file_id: m.voiceFileId, duration: 2, mime_type: "audio/ogg" };
  if (m.documentFileId) message["document"] = { file_id: m.documentFileId, file_name: "notes.txt" };
  return message;
}

async function readParams(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("multipart/form-data")) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of (await request.formData()).entries()) {
      out[key] =
        typeof value === "string"
          ? /^-?\d+$/.test(value)
            ? Number(value)
            : value
          : { filename: value.name, size: value.size, type: value.type };
    }
    return out;
  }
  const text = await request.text();
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

const HTML_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-spoiler",
  "span",
]);

/** Telegram's HTML rules, strictly enough to catch unescaped user text: returns the problem, if any. */
function checkEntities(text: string, parseMode: unknown): string | undefined {
  if (parseMode !== "HTML") return undefined;
  const stack: string[] = [];
  const token = /<(\/?)([a-z-]+)(\s[^<>]*)?>|<|&(?!(amp|lt|gt|quot|#\d+);)/gi;
  for (const m of text.matchAll(token)) {
    if (m[0] === "<") return `unexpected '<' at byte offset ${m.index}`;
    if (m[0] === "&") return `unescaped '&' at byte offset ${m.index}`;
    const name = (m[2] ?? "").toLowerCase();
    if (!HTML_TAGS.has(name)) return `unsupported start tag "${name}"`;
    if (m[1] === "/") {
      if (stack.pop() !== name) return `unmatched end tag "${name}"`;
    } else stack.push(name);
  }
  return stack.length > 0 ? `can't find end tag corresponding to start tag "${stack.at(-1)}"` : undefined;
}

/** Bot API §setMyCommands: 1–100 BotCommand objects; command 1–32 of a-z, 0-9, _; description 1–256 chars. */
function checkCommands(commands: unknown): string | undefined {
  if (!Array.isArray(commands) || commands.length > 100) return "commands must be an array of at most 100";
  for (const entry of commands) {
    const { command, description } = (entry ?? {}) as Record<string, unknown>;
    if (typeof command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command)) return "BOT_COMMAND_INVALID";
    if (typeof description !== "string" || description.length < 1 || description.length > 256) {
      return "command description is invalid";
    }
  }
  return undefined;
}

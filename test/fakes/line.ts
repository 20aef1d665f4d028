/**
 * A local fake of the LINE Messaging API (Bun.serve on 127.0.0.1:0) plus the LINE platform's webhook
 * client: it signs event bodies with the channel secret and POSTs them to the gateway route. The API side
 * issues single-use reply tokens, honours X-Line-Retry-Key (409 on reuse) and can answer 429.
 */
import type { Server } from "bun";
import { signLineBody } from "../../src/channels/line/index.ts";

/** One recorded API call. */
export interface LineCall {
  path: string;
  body: Record<string, unknown>;
  auth: string;
  retryKey: string;
  status: number;
  at: number;
}

/** What `textEvent` builds. */
export interface TextEventOptions {
  userId?: string;
  groupId?: string;
  text: string;
  mentionees?: Record<string, unknown>[];
  /** Use this reply token instead of a freshly issued one (e.g. an expired one). */
  replyToken?: string;
  messageId?: string;
}

/** The fake and its hooks. */
export interface FakeLine {
  readonly apiBase: string;
  readonly secret: string;
  readonly token: string;
  readonly calls: LineCall[];
  callsOf(path: string): LineCall[];
  /** A message event with a fresh reply token and webhookEventId. */
  textEvent(options: TextEventOptions): Record<string, unknown>;
  /** Signs (or mis-signs) `events` and POSTs them to `url`; returns the HTTP status. */
  deliver(
    url: string,
    events: unknown[],
    options?: { signature?: string; rawBody?: string },
  ): Promise<number>;
  /** The next call of `path` answers 429 with `Retry-After: seconds`. */
  rateLimitNext(path: string, seconds: number): void;
  /** Content served for a message id by /v2/bot/message/{id}/content. */
  setContent(messageId: string, bytes: Uint8Array, contentType: string): void;
  stop(): Promise<void>;
}

/** Starts the fake. */
export function startFakeLine(options: { botUserId?: string; displayName?: string } = {}): FakeLine {
  const secret = "line-secret-123";
  const token = "line-access-token";
  const calls: LineCall[] = [];
  const issued = new Set<string>();
  const retryKeys = new Set<string>();
  const limits = new Map<string, number>();
  const contents = new Map<string, { bytes: Uint8Array; type: string }>();
  let serial = 0;

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const text = request.method === "POST" ? await request.text() : "";
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const auth = request.headers.get("authorization") ?? "";
      const retryKey = request.headers.get("x-line-retry-key") ?? "";
      const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        calls.push({ path, body, auth, retryKey, status, at: Date.now() });
        return Response.json(json, { status, headers });
      };
      if (auth !== `Bearer ${token}`) return answer(401, { message: "Authentication failed" });
      const limit = limits.get(path);
      if (limit !== undefined) {
        limits.delete(path);
        return answer(
          429,
          { message: "The API rate limit has been exceeded" },
          { "retry-after": String(limit) },
        );
      }
      const content = path.match(/^\/v2\/bot\/message\/([^/]+)\/content$/);
      if (content) {
        const item = contents.get(decodeURIComponent(content[1] ?? ""));
        calls.push({ path, body, auth, retryKey, status: item ? 200 : 404, at: Date.now() });
        return item
          ? new Response(item.bytes, { headers: { "content-type": item.type } })
          : Response.json({ message: "Not found" }, { status: 404 });
      }
      switch (path) {
        case "/v2/bot/info":
          return answer(200, {
            userId: options.botUserId ?? "Ubot",
            basicId: "@fake",
            displayName: options.displayName ?? "PicoBot",
          });
        case "/v2/bot/message/reply":
          if (!issued.delete(String(body["replyToken"])))
            return answer(400, { message: "Invalid reply token" });
          return answer(200, { sentMessages: [{ id: String(++serial) }] });
        case "/v2/bot/message/push":
          if (retryKey && retryKeys.has(retryKey))
            return answer(409, { message: "The retry key is already accepted" });
          if (retryKey) retryKeys.add(retryKey);
          return answer(200, { sentMessages: [{ id: String(++serial) }] });
        case "/v2/bot/chat/loading/start":
          return answer(202, {});
        default:
          return answer(404, { message: "Not found" });
      }
    },
  });

  return {
    apiBase: `http://127.0.0.1:${server.port}`,
    secret,
    token,
    calls,
    callsOf: (path) => calls.filter((c) => c.path === path),
    textEvent(o) {
      const replyToken = o.replyToken ?? `rt-${++serial}`;
      if (!o.replyToken) issued.add(replyToken);
      const userId = o.userId ?? "U1234";
      return {
        type: "message",
        mode: "active",
        timestamp: Date.now(),
        webhookEventId: `ev-${++serial}`,
        deliveryContext: { isRedelivery: false },
        replyToken,
        source: o.groupId ? { type: "group", groupId: o.groupId, userId } : { type: "user", userId },
        message: {
          type: "text",
          id: o.messageId ?? `m-${++serial}`,
          quoteToken: `q-${serial}`,
          text: o.text,
          ...(o.mentionees ? { mention: { mentionees: o.mentionees } } : {}),
        },
      };
    },
    async deliver(url, events, o = {}) {
      const body = o.rawBody ?? JSON.stringify({ destination: "Ubot", events });
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-line-signature": o.signature ?? signLineBody(secret, body),
        },
        body,
      });
      await response.arrayBuffer();
      return response.status;
    },
    rateLimitNext: (path, seconds) => limits.set(path, seconds),
    setContent: (id, bytes, type) => contents.set(id, { bytes, type }),
    stop: () => server.stop(true),
  };
}

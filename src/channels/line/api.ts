/**
 * A small LINE Messaging API client over fetch (Bearer channel access token). Pushes carry an
 * `X-Line-Retry-Key` derived from the reply id, so a retried push is accepted at most once; LINE answers
 * 409 for a key it already accepted, which counts as success here.
 */
import { createHash } from "node:crypto";
import { classifyNetError, classifySendError, parseRetryAfter, TemporarySendError } from "../send-error.ts";
import type { LineBot } from "./protocol.ts";

/** Default API roots; `settings.base_url` replaces both (tests point it at a fake). */
export const LINE_API_BASE = "https://api.line.me";
export const LINE_DATA_BASE = "https://api-data.line.me";

/** A LINE text message object. */
export interface LineTextMessage {
  type: "text";
  text: string;
  quoteToken?: string;
}

/** The calls the channel makes. All throw only send-error classes. */
export interface LineApi {
  botInfo(signal?: AbortSignal): Promise<LineBot>;
  reply(replyToken: string, messages: LineTextMessage[]): Promise<void>;
  push(to: string, messages: LineTextMessage[], retryKey: string): Promise<void>;
  startLoading(chatId: string, seconds: number): Promise<void>;
  /** Downloads a message's content, refusing more than `maxBytes`. */
  content(messageId: string, maxBytes: number): Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** How to build the client. */
export interface LineApiOptions {
  token: string;
  baseUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

/** Creates the client. */
export function createLineApi(options: LineApiOptions): LineApi {
  const api = (options.baseUrl || LINE_API_BASE).replace(/\/+$/, "");
  const data = (options.baseUrl || LINE_DATA_BASE).replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request(url: string, init: RequestInit, okStatuses: number[] = []): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, {
        ...init,
        headers: { authorization: `Bearer ${options.token}`, ...init.headers },
        signal: init.signal ?? AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw classifyNetError(error);
    }
    if (response.ok || okStatuses.includes(response.status)) return response;
    const detail = (await response.text().catch(() => "")).slice(0, 200);
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    throw classifySendError(
      response.status,
      new Error(`line ${new URL(url).pathname}: ${detail}`),
      retryAfter,
    );
  }

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, ok: number[] = []) =>
    request(
      `${api}${path}`,
      {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      },
      ok,
    );

  return {
    async botInfo(signal) {
      const response = await request(`${api}/v2/bot/info`, signal ? { signal } : {});
      const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      const text = (k: string) => (typeof json[k] === "string" ? json[k] : "");
      return { userId: text("userId"), displayName: text("displayName") };
    },
    async reply(replyToken, messages) {
      await post("/v2/bot/message/reply", { replyToken, messages });
    },
    async push(to, messages, retryKey) {
      await post("/v2/bot/message/push", { to, messages }, { "x-line-retry-key": retryKey }, [409]);
    },
    async startLoading(chatId, seconds) {
      await post("/v2/bot/chat/loading/start", { chatId, loadingSeconds: seconds });
    },
    async content(messageId, maxBytes) {
      const response = await request(`${data}/v2/bot/message/${encodeURIComponent(messageId)}/content`, {});
      const declared = Number(response.headers.get("content-length") ?? "0");
      if (declared > maxBytes) {
        await response.body?.cancel();
        throw new TemporarySendError(`line content ${messageId}: ${declared} bytes exceeds ${maxBytes}`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > maxBytes) throw new TemporarySendError(`line content ${messageId}: too large`);
      return { bytes, contentType: response.headers.get("content-type") ?? "" };
    },
  };
}

/** A UUID-shaped retry key that is stable for one reply id (LINE requires the UUID format). */
export function lineRetryKey(id: string | undefined): string {
  if (!id) return crypto.randomUUID();
  const hex = createHash("sha256").update(id).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

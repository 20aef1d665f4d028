/**
 * A thin Telegram Bot API client on `fetch`: one POST per method, a per-request timeout joined with the
 * caller's AbortSignal, and the API's error JSON turned into TelegramApiError. The token never appears
 * in an error message (it is part of every URL).
 */
import { readLimited } from "../../lib/read-limited.ts";
import { classifyNetError, classifySendError } from "../send-error.ts";

/** The default Bot API server. */
export const TELEGRAM_API_BASE = "https://api.telegram.org";

/** An error answer (`{ok:false, error_code, description, parameters:{retry_after}}`) or a bad response. */
export class TelegramApiError extends Error {
  override readonly name = "TelegramApiError";
  /** `error_code` when the API gave one, else the HTTP status. */
  readonly code: number;
  readonly description: string;
  readonly retryAfterMs: number | undefined;
  constructor(method: string, code: number, description: string, retryAfterMs?: number) {
    super(`telegram ${method}: ${code} ${description}`);
    this.code = code;
    this.description = description;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overall limit for this request; default the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
}

/** How to build the client. */
export interface TelegramApiOptions {
  token: string;
  /** API server root, e.g. a local Bot API server or a test fake; default api.telegram.org. */
  baseUrl?: string | undefined;
  proxy?: string | undefined;
  /** Default per-request timeout (getUpdates passes its own). */
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/** The Bot API calls the channel makes. Results come back as `unknown`; callers parse them. */
export interface TelegramApi {
  call(method: string, params: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  /** A multipart call (sendPhoto, sendDocument…). */
  upload(method: string, form: FormData, options?: CallOptions): Promise<unknown>;
  /** Downloads `/file/bot<token>/<path>`, refusing bodies over `maxBytes`. */
  download(filePath: string, maxBytes: number, options?: CallOptions): Promise<Uint8Array>;
}

/** Creates a client. */
export function createTelegramApi(options: TelegramApiOptions): TelegramApi {
  const base = (options.baseUrl?.trim() || TELEGRAM_API_BASE).replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const defaultTimeout = options.timeoutMs ?? 30_000;

  async function request(method: string, url: string, init: RequestInit, call: CallOptions) {
    const timeout = AbortSignal.timeout(call.timeoutMs ?? defaultTimeout);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    // `proxy` is Bun's fetch extension; Node's fetch ignores it.
    const withProxy = options.proxy ? { ...init, proxy: options.proxy } : init;
    try {
      return await doFetch(url, { ...withProxy, signal });
    } catch (error) {
      throw new Error(`telegram ${method}: ${describeNetError(error)}`, { cause: error });
    }
  }

  async function parse(method: string, response: Response): Promise<unknown> {
    const body = await response.text().catch((error: unknown) => {
      throw new Error(`telegram ${method}: connection lost reading the response`, { cause: error });
    });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new TelegramApiError(method, response.ok ? 502 : response.status, "malformed JSON response");
    }
    const record = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
    if (record["ok"] === true) return record["result"];
    const code = typeof record["error_code"] === "number" ? record["error_code"] : response.status;
    const description =
      typeof record["description"] === "string" ? record["description"] : response.statusText;
    const parameters = record["parameters"];
    const retryAfter =
      typeof parameters === "object" && parameters !== null
        ? (parameters as Record<string, unknown>)["retry_after"]
        : undefined;
    const retryAfterMs = typeof retryAfter === "number" ? retryAfter * 1000 : undefined;
    throw new TelegramApiError(method, code || 502, description, retryAfterMs);
  }

  return {
    async call(method, params, call = {}) {
      const init = {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(params),
      };
      return parse(method, await request(method, `${base}/bot${options.token}/${method}`, init, call));
    },
    async upload(method, form, call = {}) {
      const init = { method: "POST", body: form };
      return parse(method, await request(method, `${base}/bot${options.token}/${method}`, init, call));
    },
    async download(filePath, maxBytes, call = {}) {
      const url = `${base}/file/bot${options.token}/${filePath.replace(/^\/+/, "")}`;
      const response = await request("download", url, { method: "GET" }, call);
      if (!response.ok) throw new TelegramApiError("download", response.status, response.statusText);
      return readLimited(response, maxBytes, "file");
    },
  };
}

/** Maps any client failure to the manager's send error classes. */
export function toSendError(error: unknown): Error {
  if (error instanceof TelegramApiError) return classifySendError(error.code, error, error.retryAfterMs);
  return classifyNetError(error);
}

/** True for the 400 Telegram returns when our HTML/MarkdownV2 does not parse. */
export function isParseEntitiesError(error: unknown): boolean {
  return (
    error instanceof TelegramApiError && error.code === 400 && /can't parse entities/i.test(error.description)
  );
}

function describeNetError(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") return "request timed out";
  if (error instanceof Error && error.name === "AbortError") return "request aborted";
  // Bun's fetch errors name the URL, which holds the token; keep only the error's kind.
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  return code ? `network error (${code})` : "network error";
}

/**
 * A small Slack Web API client over fetch: JSON bodies, bot-token auth (the app-level token only for
 * apps.connections.open), and failures mapped to the send-error classes. Slack rate limits answer HTTP
 * 429 with Retry-After (https://api.slack.com/apis/rate-limits); logical errors answer 200 `{ok:false}`.
 */

import { readLimited } from "../../lib/read-limited.ts";
import {
  classifyNetError,
  classifySendError,
  PermanentSendError,
  parseRetryAfter,
  RateLimitError,
  TemporarySendError,
} from "../send-error.ts";

/** Default Web API root; `settings.base_url` replaces it (tests point it at a fake). */
export const SLACK_API_BASE = "https://slack.com/api";

/** `{ok:false, error}` codes that may pass on their own. */
const TEMPORARY_CODES = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** The calls the channel makes. */
export interface SlackWebApi {
  authTest(signal?: AbortSignal): Promise<{ userId: string; teamId: string; team: string }>;
  /** A fresh single-use Socket Mode URL (app-level token). */
  openConnection(signal?: AbortSignal): Promise<string>;
  postMessage(channel: string, text: string, threadTs?: string): Promise<string>;
  updateMessage(channel: string, ts: string, text: string): Promise<void>;
  deleteMessage(channel: string, ts: string): Promise<void>;
  addReaction(channel: string, ts: string, name: string): Promise<void>;
  /** Step 1 of an upload: a one-off URL for `length` bytes and the file id to complete. */
  getUploadUrl(filename: string, length: number): Promise<{ uploadUrl: string; fileId: string }>;
  /** Step 2: the bytes, POSTed to the URL from step 1. */
  putUpload(uploadUrl: string, data: Uint8Array): Promise<void>;
  /** Step 3: shares the uploaded files in `channel` (and thread), with an optional first comment. */
  completeUpload(
    files: readonly { id: string; title: string }[],
    channel: string,
    threadTs: string,
    comment: string,
  ): Promise<void>;
  /** Fetches a private file URL with the bot token; refuses hosts other than Slack's and the API's. */
  downloadFile(url: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/** How to build the client. */
export interface SlackWebApiOptions {
  botToken: string;
  appToken: string;
  baseUrl?: string | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

type Obj = Record<string, unknown>;

/** Creates the client. Every method throws only send-error classes. */
export function createSlackWebApi(options: SlackWebApiOptions): SlackWebApi {
  const base = (options.baseUrl || SLACK_API_BASE).replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const apiHost = new URL(base).host;

  /** Calls a method; `form` sends the body url-encoded (the upload methods document only that). */
  async function call(
    method: string,
    body: Obj,
    token: string,
    signal?: AbortSignal,
    form = false,
  ): Promise<Obj> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const encoded = form ? formBody(body) : JSON.stringify(body);
    const type = form ? "application/x-www-form-urlencoded" : "application/json; charset=utf-8";
    let response: Response;
    try {
      response = await doFetch(`${base}/${method}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": type },
        body: encoded,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw classifyNetError(error);
    }
    const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
    if (response.status === 429)
      throw new RateLimitError(`slack ${method}: rate limited (HTTP 429)`, retryAfter);
    const json: unknown = await response.json().catch(() => undefined);
    if (response.status >= 500)
      throw new TemporarySendError(`slack ${method}: HTTP ${response.status}`, response.status);
    if (typeof json !== "object" || json === null) {
      throw new TemporarySendError(
        `slack ${method}: unreadable response (HTTP ${response.status})`,
        response.status,
      );
    }
    const result = json as Obj;
    if (result["ok"] === true) return result;
    const code = typeof result["error"] === "string" ? result["error"] : `HTTP ${response.status}`;
    if (code === "ratelimited") throw new RateLimitError(`slack ${method}: ratelimited`, retryAfter);
    if (TEMPORARY_CODES.has(code)) throw new TemporarySendError(`slack ${method}: ${code}`, response.status);
    throw new PermanentSendError(`slack ${method}: ${code}`, response.status);
  }

  const text = (o: Obj, key: string) => (typeof o[key] === "string" ? o[key] : "");
  const bot = options.botToken;

  return {
    async authTest(signal) {
      const r = await call("auth.test", {}, bot, signal);
      return { userId: text(r, "user_id"), teamId: text(r, "team_id"), team: text(r, "team") };
    },
    async openConnection(signal) {
      const r = await call("apps.connections.open", {}, options.appToken, signal);
      const url = text(r, "url");
      if (url === "") throw new TemporarySendError("slack apps.connections.open: no url in response");
      return url;
    },
    async postMessage(channel, message, threadTs) {
      const body: Obj = { channel, text: message };
      if (threadTs) body["thread_ts"] = threadTs;
      return text(await call("chat.postMessage", body, bot), "ts");
    },
    async updateMessage(channel, ts, message) {
      await call("chat.update", { channel, ts, text: message }, bot);
    },
    async deleteMessage(channel, ts) {
      await call("chat.delete", { channel, ts }, bot);
    },
    async addReaction(channel, ts, name) {
      await call("reactions.add", { channel, timestamp: ts, name }, bot);
    },
    async getUploadUrl(filename, length) {
      const r = await call(
        "files.getUploadURLExternal",
        { filename, length: String(length) },
        bot,
        undefined,
        true,
      );
      const uploadUrl = text(r, "upload_url");
      const fileId = text(r, "file_id");
      if (uploadUrl === "" || fileId === "")
        throw new TemporarySendError("slack files.getUploadURLExternal: no upload_url or file_id");
      return { uploadUrl, fileId };
    },
    async putUpload(uploadUrl, data) {
      let response: Response;
      try {
        response = await doFetch(uploadUrl, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: data,
          signal: AbortSignal.timeout(Math.max(timeoutMs, 120_000)),
        });
      } catch (error) {
        throw classifyNetError(error);
      }
      await response.body?.cancel();
      if (!response.ok) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        throw classifySendError(response.status, new Error("slack file upload failed"), retryAfter);
      }
    },
    async completeUpload(files, channel, threadTs, comment) {
      const body: Obj = { files, channel_id: channel };
      if (threadTs) body["thread_ts"] = threadTs;
      if (comment) body["initial_comment"] = comment;
      await call("files.completeUploadExternal", body, bot, undefined, true);
    },
    async downloadFile(url, maxBytes, signal) {
      const target = new URL(url);
      const slackHost = target.protocol === "https:" && /(^|\.)slack\.com$/.test(target.hostname);
      // The bot token must never go to a host an event merely named.
      if (!slackHost && target.host !== apiHost)
        throw new Error(`refusing to send the bot token to ${target.host}`);
      const timeout = AbortSignal.timeout(60_000);
      const response = await doFetch(url, {
        headers: { authorization: `Bearer ${bot}` },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`slack file download: HTTP ${response.status}`);
      }
      return readLimited(response, maxBytes);
    },
  };
}

/** URL-encodes a body; non-string values (the `files` list) travel as JSON text, as Slack expects. */
function formBody(body: Obj): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body))
    params.set(key, typeof value === "string" ? value : JSON.stringify(value));
  return params;
}

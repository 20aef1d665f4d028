/**
 * The LINE webhook route: POST only, body capped at 1 MiB, signature checked before anything is parsed.
 * It answers 200 at once and hands the events on, since LINE expects a quick answer and redelivers
 * otherwise; a bad signature answers 401 and is logged, and nothing of that body is used.
 */

import type { Logger } from "../../lib/logger.ts";
import { readLimited } from "../../lib/read-limited.ts";
import type { HttpHandler } from "../../platform/platform.ts";
import { type LineEvent, parseLineWebhook } from "./protocol.ts";
import { verifyLineSignature } from "./signature.ts";

/** LINE payloads are a few KB; anything near this is not LINE. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** What the route needs. */
export interface LineWebhookOptions {
  secret: string;
  log: Logger;
  /** Receives the events of one verified body. Must not throw. */
  onEvents(events: LineEvent[]): void;
}

/** Builds the route handler. */
export function createLineWebhookHandler(options: LineWebhookOptions): HttpHandler {
  const text = (status: number, body: string) => new Response(`${body}\n`, { status });
  return async (request) => {
    if (request.method !== "POST") return text(405, "method not allowed");
    const body = await readLimited(request, MAX_WEBHOOK_BYTES).catch(() => undefined);
    if (!body) {
      options.log.warn("LINE webhook body too large, rejected");
      return text(413, "request entity too large");
    }
    if (!verifyLineSignature(options.secret, body, request.headers.get("x-line-signature"))) {
      options.log.warn("LINE webhook signature invalid, rejected", { bytes: body.byteLength });
      return text(401, "invalid signature");
    }
    const events = parseLineWebhook(new TextDecoder().decode(body));
    if (typeof events === "string") {
      options.log.warn("LINE webhook body malformed, rejected", { reason: events });
      return text(400, "bad request");
    }
    options.onEvents(events);
    return text(200, "ok");
  };
}

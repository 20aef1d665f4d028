/**
 * The HTTP side of /pico/ws: every check happens before the upgrade (running, token, connection limit,
 * Origin), so a refused client gets a plain HTTP status (401, 403, 503) rather than a socket to close.
 */
import type { HttpHandler, WebSocketHandlers } from "../../platform/platform.ts";
import { authenticate, isOriginAllowed } from "./auth.ts";
import type { PicoSettings } from "./settings.ts";

/** What the endpoint needs to know about its channel. */
export interface WsEndpointHost {
  readonly settings: PicoSettings;
  readonly connectionCount: number;
  isReady(): boolean;
}

/** Longest accepted `session_id`; it ends up in chat ids, logs and outbox files. */
const MAX_SESSION_ID = 256;

/** Creates the /pico/ws handler; `handlersFor` builds the socket callbacks for the chosen session. */
export function createWsHandler(
  host: WsEndpointHost,
  handlersFor: (sessionId: string) => WebSocketHandlers,
): HttpHandler {
  return async (request, context) => {
    if (!host.isReady()) return text(503, "channel not running");
    const auth = authenticate(request, host.settings);
    if (!auth.ok) return text(401, "unauthorized");
    if (host.connectionCount >= host.settings.maxConnections) return text(503, "too many connections");
    if (!isOriginAllowed(request, host.settings)) return text(403, "origin not allowed");
    const requested = new URL(request.url).searchParams.get("session_id") ?? "";
    if (requested.length > MAX_SESSION_ID || hasControlCharacter(requested)) {
      return text(400, "invalid session_id");
    }
    const sessionId = requested || crypto.randomUUID();
    const upgraded = context.upgrade(handlersFor(sessionId), {
      protocol: auth.protocol || undefined,
      maxPayloadBytes: host.settings.maxFrameBytes,
    });
    return upgraded ? undefined : text(400, "websocket upgrade required");
  };
}

function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A Go http.Error-style reply: the message and a newline, as plain text. */
export function text(status: number, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
  });
}

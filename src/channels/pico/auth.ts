/**
 * Pico request authentication, checked before any upgrade (and for media downloads): `Authorization:
 * Bearer <token>`, a `token.<token>` subprotocol (echoed back so browsers accept the upgrade), or
 * `?token=` only when allow_token_query is on. Tokens are compared in constant time.
 */
import { timingSafeEqual } from "node:crypto";
import type { PicoSettings } from "./settings.ts";

/** The outcome: who may pass, and the subprotocol to echo. */
export interface AuthResult {
  ok: boolean;
  /** The matched `token.<t>` subprotocol, "" when auth came another way. */
  protocol: string;
}

/** Authenticates a request against the configured token. */
export function authenticate(request: Request, settings: PicoSettings): AuthResult {
  const protocol = matchedSubprotocol(request, settings.token);
  if (protocol !== "") return { ok: true, protocol };
  const auth = request.headers.get("authorization") ?? "";
  if (auth.startsWith("Bearer ") && sameToken(auth.slice("Bearer ".length), settings.token)) {
    return { ok: true, protocol: "" };
  }
  if (settings.allowTokenQuery) {
    const query = new URL(request.url).searchParams.get("token");
    if (query !== null && sameToken(query, settings.token)) return { ok: true, protocol: "" };
  }
  return { ok: false, protocol: "" };
}

/** True when the Origin is allowed: no list, a `*` entry, or an exact match. */
export function isOriginAllowed(request: Request, settings: PicoSettings): boolean {
  if (settings.allowOrigins.length === 0) return true;
  const origin = request.headers.get("origin") ?? "";
  return settings.allowOrigins.some((allowed) => allowed === "*" || allowed === origin);
}

function matchedSubprotocol(request: Request, token: string): string {
  const header = request.headers.get("sec-websocket-protocol") ?? "";
  for (const part of header.split(",")) {
    const proto = part.trim();
    if (proto.startsWith("token.") && sameToken(proto.slice("token.".length), token)) return proto;
  }
  return "";
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

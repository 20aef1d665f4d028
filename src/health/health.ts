/**
 * Liveness and readiness endpoints for the gateway's HTTP server (PicoClaw's pkg/health): `GET /health`
 * always answers 200; `GET /ready` answers 503 until `markReady()` and while any check fails. Bodies
 * match Go's JSON encoder: fields in struct order, empty ones omitted, map keys sorted, trailing newline.
 */
import { formatGoDuration } from "./go-duration.ts";

export { formatGoDuration } from "./go-duration.ts";

/** One named readiness check, as reported under `checks`. */
export interface HealthCheck {
  name: string;
  status: "ok" | "fail";
  message?: string;
  /** RFC 3339 time of the last update. */
  timestamp: string;
}

/** Options for the health endpoints; both are injectable for tests. */
export interface HealthOptions {
  /** Clock in epoch ms. */
  now?: (() => number) | undefined;
  pid?: number | undefined;
}

/** Readiness state plus the request handler that reports it. */
export interface Health {
  /** Records a check's latest result; any failing check makes /ready answer 503. */
  setCheck(name: string, ok: boolean, message?: string): void;
  /** Declares startup complete (PicoClaw does this when the gateway server starts). */
  markReady(): void;
  /** Declares the process no longer ready, e.g. while shutting down. */
  markNotReady(): void;
  /** Answers /health and /ready; `undefined` for any other request, so the caller can route on. */
  handle(request: Request): Response | undefined;
}

/** Creates the health state; uptime counts from this call. */
export function createHealth(options: HealthOptions = {}): Health {
  const now = options.now ?? Date.now;
  const pid = options.pid ?? process.pid;
  const startedAt = now();
  const checks = new Map<string, HealthCheck>();
  let ready = false;

  const uptime = () => formatGoDuration(now() - startedAt);

  function sortedChecks(): Record<string, HealthCheck> | undefined {
    if (checks.size === 0) return undefined; // Go's `omitempty` on an empty map
    const names = [...checks.keys()].sort();
    return Object.fromEntries(names.map((name) => [name, checks.get(name) as HealthCheck]));
  }

  function readiness(): Response {
    const listed = sortedChecks();
    const failing = [...checks.values()].some((check) => check.status === "fail");
    if (!ready || failing) {
      // Go leaves Uptime empty here but still encodes it (the field has no omitempty).
      return json(503, { status: "not ready", uptime: "", checks: listed });
    }
    return json(200, { status: "ready", uptime: uptime(), checks: listed });
  }

  return {
    setCheck(name, ok, message) {
      // Go's field order (name, status, message, timestamp); an empty message is omitted.
      const timestamp = new Date(now()).toISOString();
      checks.set(name, { name, status: ok ? "ok" : "fail", ...(message ? { message } : {}), timestamp });
    },
    markReady() {
      ready = true;
    },
    markNotReady() {
      ready = false;
    },
    handle(request) {
      if (request.method !== "GET" && request.method !== "HEAD") return undefined;
      const path = new URL(request.url).pathname;
      if (path === "/health") return json(200, { status: "ok", uptime: uptime(), pid: pid || undefined });
      if (path === "/ready") return readiness();
      return undefined;
    },
  };
}

/** JSON with a trailing newline, like Go's json.Encoder; undefined fields are left out. */
function json(status: number, body: object): Response {
  return new Response(`${JSON.stringify(body)}\n`, {
    status,
    headers: { "content-type": "application/json" },
  });
}

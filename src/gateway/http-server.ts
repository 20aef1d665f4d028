/**
 * The gateway's one shared HTTP server (gateway.host:gateway.port, through the platform seam). It routes
 * /health and /ready to the health module, channel routes (exact paths, or prefixes ending in `/*`),
 * and `GET /` to an optional root handler (the web chat page); everything else is 404.
 */
import type { ChannelRoute } from "../channels/channel.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import type { HttpHandler, HttpServer, Platform } from "../platform/platform.ts";
import { resolveBindHosts } from "./bind-hosts.ts";

/** The part of the health module the server routes to. */
export interface HealthEndpoints {
  /** A response for /health or /ready, undefined for any other path. */
  handle(request: Request): Response | undefined | Promise<Response | undefined>;
}

/** How to build the server. */
export interface GatewayServerOptions {
  host: string;
  port: number;
  platform: Platform;
  health?: HealthEndpoints | undefined;
  routes?: readonly ChannelRoute[] | undefined;
  /** Serves `GET /` (and HEAD). */
  root?: HttpHandler | undefined;
  log?: Logger | undefined;
}

/** A running gateway server, possibly on several addresses sharing one port. */
export interface GatewayServer {
  readonly port: number;
  readonly addresses: readonly string[];
  stop(force?: boolean): Promise<void>;
}

/** Builds the request router (exported for tests that do not need a socket). */
export function createRouter(options: Omit<GatewayServerOptions, "host" | "port" | "platform">): HttpHandler {
  const log = options.log ?? createLogger("gateway");
  const exact = new Map<string, HttpHandler>();
  const prefixes: { prefix: string; handler: HttpHandler }[] = [];
  for (const route of options.routes ?? []) {
    const isPrefix = route.path.endsWith("/*");
    const key = isPrefix ? route.path.slice(0, -1) : route.path;
    if (exact.has(key) || prefixes.some((p) => p.prefix === key)) {
      throw new Error(`HTTP route ${route.path} is registered twice`);
    }
    if (isPrefix) prefixes.push({ prefix: key, handler: route.handler });
    else exact.set(key, route.handler);
  }
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);

  return async (request, context) => {
    const path = new URL(request.url).pathname;
    try {
      const health = await options.health?.handle(request);
      if (health) return health;
      const handler =
        exact.get(path) ??
        prefixes.find((p) => path.startsWith(p.prefix))?.handler ??
        (path === "/" && (request.method === "GET" || request.method === "HEAD") ? options.root : undefined);
      if (handler) return await handler(request, context);
      return new Response("404 page not found\n", { status: 404, headers: { "content-type": "text/plain" } });
    } catch (error) {
      log.error("HTTP handler failed", { path, error: errorMessage(error) });
      return new Response("internal server error\n", {
        status: 500,
        headers: { "content-type": "text/plain" },
      });
    }
  };
}

/** Listens on every address of `host` (one shared port) and routes requests. */
export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const log = options.log ?? createLogger("gateway");
  const handler = createRouter(options);
  const servers: HttpServer[] = [];
  let port = options.port;
  try {
    for (const target of resolveBindHosts(options.host)) {
      const candidates = [target.host, ...(target.fallback ? [target.fallback] : [])];
      let lastError: unknown;
      for (const host of candidates) {
        try {
          const server = await options.platform.serveHttp({ host, port, handler });
          servers.push(server);
          port = server.port;
          lastError = undefined;
          break;
        } catch (error) {
          lastError = error;
        }
      }
      if (lastError === undefined) continue;
      if (!target.optional) throw lastError;
      log.debug("optional listen address skipped", { host: target.host, error: errorMessage(lastError) });
    }
  } catch (error) {
    await Promise.allSettled(servers.map((s) => s.stop(true)));
    throw error;
  }
  const addresses = servers.map((s) =>
    s.host.includes(":") ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`,
  );
  log.info("gateway HTTP server listening", { addresses });
  return {
    port,
    addresses,
    async stop(force) {
      await Promise.allSettled(servers.map((s) => s.stop(force)));
    },
  };
}

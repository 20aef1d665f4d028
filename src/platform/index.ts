/**
 * The platform seam for this process. Under Bun it is Bun's native APIs, loaded on first use.
 * The Node build starts from `src/main-node.ts`, which installs the Node implementation before
 * anything runs; the Bun build never references it, so Bun does not load node:http, node:stream,
 * node:net, node:child_process and `ws` at start (~8 MB of RSS in an isolated probe; the gateway's idle
 * RSS fell by ~2 MB, as it loads some of the same runtime code anyway).
 */
import type { Platform } from "./platform.ts";

let current: Promise<Platform> | undefined;

/** Installs the platform for this process (the Node entry point calls this first). */
export function usePlatform(platform: Platform): void {
  current = Promise.resolve(platform);
}

/** The platform for this process, loaded once. */
export function getPlatform(): Promise<Platform> {
  current ??=
    "Bun" in globalThis
      ? import("./bun.ts").then((module) => module.bunPlatform)
      : Promise.reject(new Error("no platform installed: under Node, start from src/main-node.ts"));
  return current;
}

/**
 * Picks the platform seam for the running runtime: Bun's native APIs when `globalThis.Bun` exists,
 * Node's otherwise. Both imports use static paths so `bun build` bundles both implementations.
 */
import type { Platform } from "./platform.ts";

let current: Promise<Platform> | undefined;

/** The platform for this process, loaded once. */
export function getPlatform(): Promise<Platform> {
  current ??=
    "Bun" in globalThis
      ? import("./bun.ts").then((module) => module.bunPlatform)
      : import("./node.ts").then((module) => module.nodePlatform);
  return current;
}

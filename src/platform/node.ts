/**
 * The platform seam on Node's node:http, `ws`, node:net and node:child_process, for the armv7 build
 * (bundled with `bun build --target=node`, where Bun's own APIs do not exist).
 */
import { nodeServeHttp } from "./node-http.ts";
import { nodeSpawn } from "./node-spawn.ts";
import { nodeConnectTcp, nodeListenTcp } from "./node-tcp.ts";
import type { Platform } from "./platform.ts";

/** The Node platform. */
export const nodePlatform: Platform = {
  name: "node",
  serveHttp: nodeServeHttp,
  listenTcp: nodeListenTcp,
  connectTcp: nodeConnectTcp,
  spawn: nodeSpawn,
};

/**
 * A smoke run of the Node platform seam, bundled with `bun build --target=node` and run under real
 * Node by node-smoke.test.ts: HTTP, a WebSocket echo (through the npm `ws` package), TCP and spawn.
 * Prints one JSON line with what it observed.
 */
import { WebSocket } from "ws";
import { getPlatform, usePlatform } from "./index.ts";
import { nodePlatform } from "./node.ts";

usePlatform(nodePlatform);
const platform = await getPlatform();
const observed: Record<string, unknown> = { platform: platform.name };

const server = await platform.serveHttp({
  host: "127.0.0.1",
  port: 0,
  async handler(request, context) {
    if (new URL(request.url).pathname !== "/ws")
      return new Response(`ok:${request.method}:${await request.text()}`);
    const upgraded = context.upgrade(
      { open: () => {}, message: (s, data) => s.send(`echo:${String(data)}`), close: () => {} },
      { protocol: "token.t", maxPayloadBytes: 64 },
    );
    return upgraded ? undefined : new Response("no upgrade", { status: 400 });
  },
});
const base = `127.0.0.1:${server.port}`;
observed["http"] = await (await fetch(`http://${base}/`, { method: "POST", body: "b" })).text();

const ws = new WebSocket(`ws://${base}/ws`, ["token.t"]);
observed["ws"] = await new Promise<Record<string, unknown>>((resolve) => {
  const seen: Record<string, unknown> = {};
  ws.on("open", () => {
    seen["protocol"] = ws.protocol;
    ws.send("hi");
  });
  ws.on("message", (data: Buffer) => {
    seen["echo"] = data.toString();
    ws.send("x".repeat(100));
  });
  ws.on("close", (code: number) => resolve({ ...seen, closeCode: code }));
  ws.on("error", () => {});
});
await server.stop(true);

const tcp = await platform.listenTcp({
  host: "127.0.0.1",
  port: 0,
  handlers: { open: () => {}, data: (s, chunk) => s.write(chunk), close: () => {} },
});
observed["tcp"] = await new Promise<string>((resolve, reject) => {
  platform
    .connectTcp({
      host: "127.0.0.1",
      port: tcp.port,
      handlers: {
        open: (s) => s.write("ping"),
        data: (s, chunk) => {
          resolve(new TextDecoder().decode(chunk));
          s.destroy();
        },
        close: () => {},
      },
    })
    .catch(reject);
});
await tcp.stop();

const child = platform.spawn(["sh", "-c", "echo spawned; exit 4"]);
observed["spawn"] = { stdout: await new Response(child.stdout).text(), code: await child.exited };

console.log(JSON.stringify(observed));

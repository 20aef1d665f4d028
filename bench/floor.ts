/**
 * The floor the gateway is measured against: the smallest useful Bun server, HTTP /health plus a
 * WebSocket echo on /ws, compiled exactly like dist/picoclaw. Whatever the gateway costs above this
 * is ours; below it is Bun's. Port from PORT (default 0); prints its port on the first stdout line.
 */
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env["PORT"] ?? "0"),
  fetch(request, srv) {
    const { pathname } = new URL(request.url);
    if (pathname === "/ws" && srv.upgrade(request)) return undefined;
    if (pathname === "/health") return Response.json({ status: "ok" });
    return new Response("not found", { status: 404 });
  },
  websocket: {
    message(ws, message) {
      ws.send(message);
    },
  },
});
console.log(`floor listening on ${server.port}`);
process.on("SIGTERM", () => {
  void server.stop(true).then(() => process.exit(0));
});

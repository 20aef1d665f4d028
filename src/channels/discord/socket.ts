/**
 * Opens the gateway WebSocket with the runtime's global WebSocket (Bun; Node 22+), adapted to the small
 * GatewaySocket shape the client is written against so tests and other runtimes can substitute theirs.
 */
import type { GatewaySocket, SocketFactory } from "./gateway.ts";

/** A factory over the global WebSocket; `proxy` uses Bun's WebSocket proxy option. */
export function globalWebSocketFactory(proxy?: string): SocketFactory {
  return (url) => {
    const ws = proxy ? new WebSocket(url, { proxy }) : new WebSocket(url);
    const socket: GatewaySocket = {
      send: (data) => ws.send(data),
      close: (code, reason) => ws.close(code, reason),
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
    };
    ws.onopen = (event) => socket.onopen?.(event);
    ws.onmessage = (event) => socket.onmessage?.({ data: event.data });
    ws.onclose = (event) => socket.onclose?.({ code: event.code, reason: event.reason });
    ws.onerror = (event) => socket.onerror?.(event);
    return socket;
  };
}

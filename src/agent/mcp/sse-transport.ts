/**
 * The older MCP HTTP+SSE transport (spec 2024-11-05): a GET opens an event stream whose first
 * `endpoint` event names the URL to POST messages to; answers arrive on the stream as `message`
 * events. Configured headers go on the GET and on every POST.
 */
import { errorMessage } from "../../lib/errors.ts";
import { readSseEvents } from "../../providers/read-sse.ts";
import type { HttpTransportOptions } from "./http-transport.ts";
import { describeUrl, McpHttpError, type McpMessageHandler, type McpTransport } from "./transport.ts";

/** A stream silent this long is dead (servers send keep-alives far more often). */
const STREAM_IDLE_MS = 10 * 60_000;

/** Opens the stream and waits for the `endpoint` event (bounded by `signal`). */
export async function openSseTransport(
  options: HttpTransportOptions,
  onMessage: McpMessageHandler,
  signal?: AbortSignal,
): Promise<McpTransport> {
  const url = new URL(options.url);
  const where = `MCP server '${options.name}' at ${describeUrl(url)}`;
  const doFetch = options.fetch ?? fetch;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let response: Response;
  try {
    response = await doFetch(url, {
      headers: { ...options.headers, Accept: "text/event-stream" },
      signal: stop.signal,
    });
  } catch (error) {
    throw new Error(`${where} is unreachable: ${errorMessage(error)}`);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new McpHttpError(`${where} refused the SSE stream: HTTP ${response.status}`, response.status);
  }
  const events = readSseEvents(response.body, STREAM_IDLE_MS);
  const first = await events.next();
  if (first.done || first.value.event !== "endpoint") {
    stop.abort();
    throw new Error(`${where} did not send an 'endpoint' event first; is this an MCP SSE endpoint?`);
  }
  const postUrl = new URL(first.value.data.trim(), url);
  if (postUrl.origin !== url.origin) {
    stop.abort();
    throw new Error(`${where} named a message endpoint on another origin; refusing it`);
  }
  const closed = (async (): Promise<Error> => {
    try {
      for await (const event of events) {
        if (event.event === "message" && event.data.trim() !== "") onMessage(event.data);
      }
      return new Error(`${where} ended its SSE stream`);
    } catch (error) {
      return new Error(`${where} SSE stream failed: ${errorMessage(error)}`);
    }
  })();
  return {
    closed,
    async send(message) {
      let answer: Response;
      try {
        answer = await doFetch(postUrl, {
          method: "POST",
          headers: { ...options.headers, "Content-Type": "application/json" },
          body: JSON.stringify(message),
          signal: stop.signal,
        });
      } catch (error) {
        throw new Error(`${where} is unreachable: ${errorMessage(error)}`);
      }
      const detail = answer.ok ? "" : (await answer.text().catch(() => "")).slice(0, 200);
      if (answer.ok) await answer.body?.cancel();
      if (!answer.ok)
        throw new McpHttpError(`${where} answered HTTP ${answer.status}: ${detail}`, answer.status);
    },
    async close() {
      stop.abort();
      await closed;
    },
  };
}

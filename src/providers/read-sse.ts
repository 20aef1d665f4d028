/**
 * Reads an HTTP response body as SSE events, with a read-idle timeout: a stream that goes silent
 * longer than `idleMs` is cancelled and fails as a timeout (Go uses 5 minutes), while a slow but
 * steady stream may run as long as it likes.
 */
import { TimeoutError } from "../lib/errors.ts";
import { createSseDecoder, type SseEvent } from "./sse.ts";

/** Default silence allowed between two body reads. */
export const DEFAULT_STREAM_IDLE_MS = 5 * 60_000;

/** Yields the events of `body`; throws TimeoutError after `idleMs` without bytes. */
export async function* readSseEvents(
  body: ReadableStream<Uint8Array>,
  idleMs: number = DEFAULT_STREAM_IDLE_MS,
): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = createSseDecoder();
  const text = new TextDecoder();
  try {
    for (;;) {
      const chunk = await within(reader.read(), idleMs);
      if (chunk.done) break;
      yield* decoder.push(text.decode(chunk.value, { stream: true }));
    }
    yield* decoder.push(text.decode());
    yield* decoder.end();
  } finally {
    // Cancelling tells the server we are gone when the consumer stops early (abort, [DONE], error).
    reader.cancel().catch(() => {});
  }
}

function within<T>(read: Promise<T>, idleMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError("stream idle", idleMs)), idleMs);
  });
  return Promise.race([read, idle]).finally(() => clearTimeout(timer));
}

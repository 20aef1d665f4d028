/**
 * Server-Sent Events decoder shared by the HTTP providers (WHATWG HTML §9.2.6 "event stream
 * interpretation"). Text arrives in arbitrary pieces: a line, a CRLF pair or a UTF-8 sequence may
 * be split anywhere, so the decoder keeps the unfinished tail between calls.
 */

/** One dispatched event. `event` is "message" unless the stream named it. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string | undefined;
}

/** Incremental decoder: feed text pieces, collect complete events. */
export interface SseDecoder {
  push(text: string): SseEvent[];
  /** Flushes an event the stream ended without a blank line after (lenient, as Go's reader is). */
  end(): SseEvent[];
}

/** Creates a decoder. */
export function createSseDecoder(): SseDecoder {
  let buffer = "";
  let skipLeadingLf = false;
  let eventName = "";
  let data: string[] = [];
  let hasData = false;
  let lastId: string | undefined;

  const dispatch = (out: SseEvent[]) => {
    if (hasData) out.push({ event: eventName || "message", data: data.join("\n"), id: lastId });
    eventName = "";
    data = [];
    hasData = false;
  };

  const line = (text: string, out: SseEvent[]) => {
    if (text === "") return dispatch(out);
    if (text.startsWith(":")) return;
    const colon = text.indexOf(":");
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") {
      data.push(value);
      hasData = true;
    } else if (field === "event") {
      eventName = value;
    } else if (field === "id" && !value.includes("\0")) {
      lastId = value;
    }
  };

  return {
    push(text) {
      const out: SseEvent[] = [];
      let input = text;
      if (skipLeadingLf && input.startsWith("\n")) input = input.slice(1);
      skipLeadingLf = false;
      buffer += input;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const ch = buffer[i];
        if (ch !== "\n" && ch !== "\r") continue;
        line(buffer.slice(start, i), out);
        if (ch === "\r") {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === "\n") i++;
          } else {
            // A CR at the very end: its LF may arrive in the next piece.
            skipLeadingLf = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      if (buffer !== "") line(buffer, out);
      buffer = "";
      dispatch(out);
      return out;
    },
  };
}

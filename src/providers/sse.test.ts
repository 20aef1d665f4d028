import { describe, expect, test } from "bun:test";
import { createSseDecoder, type SseEvent } from "./sse.ts";

function decodeInPieces(text: string, size: number): SseEvent[] {
  const decoder = createSseDecoder();
  const out: SseEvent[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...decoder.push(text.slice(i, i + size)));
  out.push(...decoder.end());
  return out;
}

const STREAM =
  ": keep-alive comment\r\n" +
  'event: message_start\r\ndata: {"a":1}\r\n\r\n' +
  "data: line one\ndata: line two\n\n" +
  "id: 7\rdata:no-space\r\r" +
  "data: [DONE]\n\n";

describe("createSseDecoder", () => {
  test("dispatches named events, joins multi-line data, skips comments, handles CRLF/CR/LF", () => {
    expect(decodeInPieces(STREAM, STREAM.length)).toEqual([
      { event: "message_start", data: '{"a":1}', id: undefined },
      { event: "message", data: "line one\nline two", id: undefined },
      { event: "message", data: "no-space", id: "7" },
      { event: "message", data: "[DONE]", id: "7" },
    ]);
  });

  test("gives the same events whatever the piece boundaries (incl. a CR/LF split)", () => {
    const whole = decodeInPieces(STREAM, STREAM.length);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(decodeInPieces(STREAM, size)).toEqual(whole);
  });

  test("end() flushes an event the stream closed without a blank line after", () => {
    expect(decodeInPieces("data: tail", 4)).toEqual([{ event: "message", data: "tail", id: undefined }]);
  });

  test("a data line with an empty value still dispatches an event", () => {
    expect(decodeInPieces("data:\n\n", 1)).toEqual([{ event: "message", data: "", id: undefined }]);
  });
});

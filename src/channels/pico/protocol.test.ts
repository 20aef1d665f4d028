import { describe, expect, test } from "bun:test";
import { errorFrame, formatFrame, inferAttachmentType, parseFrame, picoMediaUrl } from "./protocol.ts";

const PNG = "data:image/png;base64,iVBORw0KGgo=";

describe("parseFrame", () => {
  test("reads message.send and media.send alike", () => {
    expect(
      parseFrame('{"type":"message.send","id":"msg-1","session_id":"s","payload":{"content":"hello"}}'),
    ).toEqual({
      type: "message.send",
      id: "msg-1",
      sessionId: "s",
      content: "hello",
      media: [],
    });
    const media = parseFrame(
      JSON.stringify({ type: "media.send", payload: { content: "", media: [{ url: PNG }] } }),
    );
    expect(media).toMatchObject({ type: "media.send", media: [PNG] });
  });

  test("reads ping with its id", () => {
    expect(parseFrame('{"type":"ping","id":"p-7"}')).toEqual({ type: "ping", id: "p-7" });
  });

  test("malformed JSON and wrongly typed fields are invalid_message", () => {
    for (const raw of [
      "{not json",
      "[]",
      '"x"',
      '{"type":5}',
      '{"type":"ping","id":7}',
      '{"type":"ping","payload":[]}',
    ]) {
      expect(parseFrame(raw)).toEqual({
        type: "protocol_error",
        code: "invalid_message",
        message: "failed to parse message",
      });
    }
  });

  test("unknown types, empty content and bad media are answered with PicoClaw's codes", () => {
    expect(parseFrame('{"type":"nope"}')).toMatchObject({
      code: "unknown_type",
      message: "unknown message type: nope",
    });
    expect(parseFrame('{"type":"message.send","id":"m4","payload":{"content":"  "}}')).toEqual({
      type: "protocol_error",
      code: "empty_content",
      message: "message content is empty",
      requestId: "m4",
    });
    const svg = parseFrame(
      JSON.stringify({
        type: "message.send",
        id: "m5",
        payload: { media: ["data:image/svg+xml;base64,PHN2Zz4="] },
      }),
    );
    expect(svg).toMatchObject({
      code: "invalid_media",
      message: "media[0]: unsupported image format: image/svg+xml",
    });
    const remote = parseFrame(
      JSON.stringify({ type: "message.send", payload: { media: "https://x/y.png" } }),
    );
    expect(remote).toMatchObject({
      code: "invalid_media",
      message: "only inline image data URLs are supported",
    });
  });

  test("attachments keep only inline images", () => {
    const frame = parseFrame(
      JSON.stringify({
        type: "message.send",
        payload: {
          content: "",
          attachments: [
            { type: "image", url: PNG },
            { type: "file", url: "data:text/plain;base64,eA==" },
            { url: "https://example.com/a.png" },
          ],
        },
      }),
    );
    expect(frame).toMatchObject({ media: [PNG] });
  });
});

describe("formatFrame", () => {
  test("writes Go's field order, sorted payload keys, escaped HTML characters and a newline", () => {
    const text = formatFrame(
      { type: "message.create", payload: { message_id: "m", content: "a<b>&c", placeholder: true } },
      1718000000200,
      "sess-1",
    );
    expect(text).toBe(
      '{"type":"message.create","session_id":"sess-1","timestamp":1718000000200,' +
        '"payload":{"content":"a\\u003cb\\u003e\\u0026c","message_id":"m","placeholder":true}}\n',
    );
  });

  test("pong has the request id and no session; typing frames have no payload", () => {
    expect(formatFrame({ type: "pong", id: "p-7" }, 5)).toBe('{"type":"pong","id":"p-7","timestamp":5}\n');
    expect(formatFrame({ type: "typing.start" }, 5, "s")).toBe(
      '{"type":"typing.start","session_id":"s","timestamp":5}\n',
    );
  });

  test("error frames carry request_id when the client sent a message", () => {
    const frame = errorFrame({
      type: "protocol_error",
      code: "empty_content",
      message: "message content is empty",
      requestId: "",
    });
    expect(formatFrame(frame, 1)).toBe(
      '{"type":"error","timestamp":1,"payload":{"code":"empty_content","message":"message content is empty","request_id":""}}\n',
    );
  });
});

describe("picoMediaUrl and inferAttachmentType", () => {
  test("maps media refs to the download path", () => {
    expect(picoMediaUrl("media://attachment-1")).toBe("/pico/media/attachment-1");
    expect(picoMediaUrl("media://a/b")).toBeUndefined();
    expect(picoMediaUrl("media://")).toBeUndefined();
  });

  test("infers the type from MIME, then extension", () => {
    expect(inferAttachmentType("x.bin", "audio/ogg")).toBe("audio");
    expect(inferAttachmentType("plot.PNG", "")).toBe("image");
    expect(inferAttachmentType("clip.mkv", "application/octet-stream")).toBe("video");
    expect(inferAttachmentType("notes.txt", "")).toBe("file");
  });
});

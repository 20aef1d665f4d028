import { expect, test } from "bun:test";
import { parseToolCall, replyTopic, toolFromTopic, toolReply } from "./tool-command.ts";

const allowed = new Set(["read_file"]);

test("the tool name comes from <base>/<name>/call only", () => {
  expect(toolFromTopic("/p/a/tool", "/p/a/tool/read_file/call")).toBe("read_file");
  expect(toolFromTopic("/p/a/tool", "/p/a/tool/x/y/call")).toBeUndefined();
  expect(toolFromTopic("/p/a/tool", "/p/a/tool/read_file/result")).toBeUndefined();
  expect(toolFromTopic("/p/a/tool", "/p/a/tool//call")).toBeUndefined();
});

test("bare and wrapped arguments, with the correlation id kept", () => {
  expect(parseToolCall("read_file", '{"path":"a"}', allowed)).toEqual({
    ok: true,
    tool: "read_file",
    id: undefined,
    args: { path: "a" },
  });
  expect(parseToolCall("read_file", '{"id":7,"arguments":{"path":"a"}}', allowed)).toEqual({
    ok: true,
    tool: "read_file",
    id: "7",
    args: { path: "a" },
  });
  expect(parseToolCall("read_file", "", allowed)).toMatchObject({ ok: true, args: {} });
});

test("bad JSON, a non-object and a tool that is not exposed are error values", () => {
  expect(parseToolCall("read_file", "{x", allowed)).toEqual({
    ok: false,
    tool: "read_file",
    error: "payload is not JSON",
  });
  expect(parseToolCall("read_file", "[1]", allowed)).toMatchObject({
    ok: false,
    error: "payload must be a JSON object",
  });
  expect(parseToolCall("exec", '{"id":"c","arguments":{}}', allowed)).toEqual({
    ok: false,
    tool: "exec",
    id: "c",
    error: 'tool "exec" is not exposed',
  });
  expect(parseToolCall("read_file", "{}", new Set())).toMatchObject({ ok: false });
});

test("replies and reply topics", () => {
  expect(toolReply({ tool: "t", id: "1" }, { ok: true, result: "r" })).toBe(
    '{"id":"1","tool":"t","ok":true,"result":"r"}',
  );
  expect(toolReply({ tool: "t" }, { ok: false, error: "e" })).toBe('{"tool":"t","ok":false,"error":"e"}');
  expect(replyTopic("/p/a/tool", "", "t")).toBe("/p/a/tool/t/result");
  expect(replyTopic("/p/a/tool", "replies/{tool}", "t")).toBe("replies/t");
});

import { describe, expect, test } from "bun:test";
import { RecentIds } from "../recent-ids.ts";
import { idOf, messageText, parseFrame, sendTarget } from "./protocol.ts";

describe("parseFrame", () => {
  test("tells responses (by echo) from events, and reads ids given as numbers or strings", () => {
    expect(parseFrame('{"status":"ok","retcode":0,"data":{"message_id":1},"echo":"send_1"}')).toMatchObject({
      kind: "response",
      echo: "send_1",
      status: "ok",
    });
    expect(
      parseFrame(
        '{"post_type":"message","message_type":"group","group_id":"7","user_id":42,"message_id":3,"message":"hi"}',
      ),
    ).toMatchObject({
      kind: "message",
      groupId: "7",
      userId: "42",
      messageId: "3",
    });
    expect(parseFrame('{"post_type":"message","message_type":"group","user_id":42,"message":"x"}')).toBe(
      "group message without group_id",
    );
    expect(parseFrame("[1]")).toBe("not an object");
    expect(idOf(12.5)).toBe("");
  });
});

describe("messageText", () => {
  test("joins text, marks media and lists their URLs for the guarded fetch, and detects the bot's @ only", () => {
    const segments = [
      { type: "reply", data: { id: 99 } },
      { type: "at", data: { qq: 10001 } },
      { type: "at", data: { qq: "555" } },
      { type: "text", data: { text: " look " } },
      { type: "image", data: { url: "http://169.254.169.254/latest", file: "ab12.png" } },
      { type: "record", data: { file: "/local/voice.amr" } },
      { type: "file", data: { url: "file:///etc/passwd", name: "passwd.txt" } },
    ];
    expect(messageText(segments, "10001")).toEqual({
      text: "@555 look [image][voice][file]",
      mentioned: true,
      replyTo: "99",
      media: [{ kind: "image", url: "http://169.254.169.254/latest", name: "ab12.png" }],
    });
    expect(messageText(segments, "")).toMatchObject({ mentioned: false });
    expect(messageText("[CQ:at,qq=10001] hello", "10001")).toEqual({
      text: "hello",
      mentioned: true,
      replyTo: "",
      media: [],
    });
    expect(messageText("[CQ:at,qq=10002] hello", "10001").mentioned).toBe(false);
  });
});

describe("sendTarget", () => {
  test("maps chat ids to actions and refuses non-numeric ids", () => {
    expect(sendTarget("group:123")).toEqual({ action: "send_group_msg", key: "group_id", id: 123 });
    expect(sendTarget("private:5")).toEqual({ action: "send_private_msg", key: "user_id", id: 5 });
    expect(sendTarget("77")).toEqual({ action: "send_private_msg", key: "user_id", id: 77 });
    expect(sendTarget("group:abc")).toBeUndefined();
  });
});

describe("RecentIds", () => {
  test("forgets the oldest id at capacity", () => {
    const ids = new RecentIds(2);
    expect([ids.add("a"), ids.add("a"), ids.add("b"), ids.add("c"), ids.add("a")]).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
  });
});

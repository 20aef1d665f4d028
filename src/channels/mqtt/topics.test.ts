import { describe, expect, test } from "bun:test";
import {
  clientFromTopic,
  defaultClientId,
  encodePayload,
  parseBrokerUrl,
  parsePayload,
  requestTopic,
  responseTopic,
} from "./topics.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("topics", () => {
  test("builds PicoClaw's topics with the prefix normalised", () => {
    expect(requestTopic("/picoclaw/", "assistant")).toBe("/picoclaw/assistant/+/request");
    expect(requestTopic("", "a")).toBe("/picoclaw/a/+/request");
    expect(responseTopic("home//", "a", "dev1")).toBe("home/a/dev1/response");
  });

  test("reads the conversation id from a request topic, rejecting foreign topics", () => {
    expect(clientFromTopic("/picoclaw", "a", "/picoclaw/a/dev1/request")).toBe("dev1");
    expect(clientFromTopic("/picoclaw", "a", "/picoclaw/b/dev1/request")).toBeUndefined();
    expect(clientFromTopic("/picoclaw", "a", "/picoclaw/a/dev1")).toBeUndefined();
  });
});

describe("payloads", () => {
  test("accepts {text} and drops what Go's Unmarshal would reject or leave empty", () => {
    expect(parsePayload(bytes('{"text":"hi","extra":1}'))).toEqual({ ok: true, text: "hi" });
    for (const bad of ["nope", '"hi"', "[1]", "null", "{}", '{"text":""}', '{"text":5}'])
      expect(parsePayload(bytes(bad)).ok).toBe(false);
  });

  test("encodes replies with Go's HTML-safe escapes", () => {
    expect(encodePayload('<a href="x">&</a>')).toBe(
      '{"text":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}',
    );
  });
});

describe("parseBrokerUrl", () => {
  test("maps paho and MQTT.js schemes to MQTT.js protocols with default ports", () => {
    expect(parseBrokerUrl("tcp://broker.local")).toEqual({
      protocol: "mqtt",
      host: "broker.local",
      port: 1883,
    });
    expect(parseBrokerUrl("ssl://b:8884")).toEqual({ protocol: "mqtts", host: "b", port: 8884 });
    expect(parseBrokerUrl("mqtts://u:p%40ss@b")).toEqual({
      protocol: "mqtts",
      host: "b",
      port: 8883,
      username: "u",
      password: "p@ss",
    });
    expect(parseBrokerUrl("ws://b:9001/mqtt")).toEqual({
      protocol: "ws",
      host: "b",
      port: 9001,
      path: "/mqtt",
    });
  });

  test("rejects unknown schemes and garbage", () => {
    expect(parseBrokerUrl("http://b")).toBeInstanceOf(Error);
    expect(parseBrokerUrl("not a url")).toBeInstanceOf(Error);
  });
});

test("defaultClientId is picoclaw-mqtt-<agent>-<8 hex>", () => {
  expect(defaultClientId("assistant", (b) => b.fill(0xab))).toBe("picoclaw-mqtt-assistant-abababab");
});

import { describe, expect, test } from "bun:test";
import { goFixed } from "./go-fixed.ts";
import { detectionClassOf, detectionRaw, detectionText, encodeCommand, parseFrame } from "./protocol.ts";

const detectionFrame = {
  type: "person_detected",
  tips: "",
  timestamp: 1718000000.5,
  data: { class_name: "person", class_id: 0, score: 0.92, x: 120, y: 80, w: 64, h: 128 },
};

describe("parseFrame and detection text", () => {
  test("formats a detection exactly as PicoClaw does", () => {
    const frame = parseFrame(detectionFrame);
    if (frame.type !== "person_detected") throw new Error(`unexpected ${frame.type}`);
    expect(detectionText(frame.detection)).toBe(
      "📷 Person detected!\nClass: person\nConfidence: 92.00%\nPosition: (120, 80)\nSize: 64x128",
    );
    expect(detectionRaw(frame.timestamp, frame.detection)).toEqual({
      timestamp: "1718000000",
      class_id: "0",
      score: "0.92",
      x: "120",
      y: "80",
      w: "64",
      h: "128",
    });
  });

  test("reads the class name back from a detection text (for reflex rules)", () => {
    const frame = parseFrame({ type: "person_detected", data: { class_name: "cat\nx", score: 0.5 } });
    if (frame.type !== "person_detected") throw new Error(`unexpected ${frame.type}`);
    expect(detectionClassOf(detectionText(frame.detection))).toBe("cat\nx");
    expect(detectionClassOf("Class: person")).toBeUndefined();
  });

  test("takes Go's zero values for absent fields and 'person' for a non-string class", () => {
    const frame = parseFrame({ type: "person_detected", data: { class_name: 7, x: "12" } });
    if (frame.type !== "person_detected") throw new Error(`unexpected ${frame.type}`);
    expect(detectionText(frame.detection)).toBe(
      "📷 Person detected!\nClass: person\nConfidence: 0.00%\nPosition: (0, 0)\nSize: 0x0",
    );
    expect(parseFrame({ type: "heartbeat", data: null })).toEqual({ type: "heartbeat", timestamp: 0 });
  });

  test("classifies heartbeat, status, auth, unknown and malformed frames", () => {
    expect(parseFrame({ type: "status", data: { fps: 25 } })).toEqual({
      type: "status",
      timestamp: 0,
      data: { fps: 25 },
    });
    expect(parseFrame({ type: "auth", token: "t" })).toEqual({ type: "auth", token: "t" });
    expect(parseFrame({ type: "selfie" })).toEqual({ type: "unknown", name: "selfie" });
    expect(parseFrame([1]).type).toBe("error");
    expect(parseFrame({ type: 1 }).type).toBe("error");
    expect(parseFrame({ type: "status", data: [] }).type).toBe("error");
  });
});

describe("encodeCommand", () => {
  test("writes Go's json.Marshal bytes: sorted keys, timestamp 0, HTML-safe escapes", () => {
    expect(encodeCommand("default", "hi")).toBe(
      '{"chat_id":"default","message":"hi","timestamp":0,"type":"command"}',
    );
    expect(encodeCommand("default", 'a<b>&"c"\n\u2028é')).toBe(
      '{"chat_id":"default","message":"a\\u003cb\\u003e\\u0026\\"c\\"\\n\\u2028é","timestamp":0,"type":"command"}',
    );
  });
});

describe("goFixed", () => {
  test("rounds exact halves to even like Go's %f", () => {
    expect([goFixed(0.5, 0), goFixed(1.5, 0), goFixed(2.5, 0), goFixed(0.125, 2), goFixed(0.375, 2)]).toEqual(
      ["0", "2", "2", "0.12", "0.38"],
    );
  });

  test("matches toFixed off ties, keeps -0 and prints large numbers in full", () => {
    expect(goFixed(0.92 * 100, 2)).toBe("92.00");
    expect(goFixed(1.005, 2)).toBe("1.00");
    expect(goFixed(-0.4, 0)).toBe("-0");
    expect(goFixed(1e22, 0)).toBe("10000000000000000000000");
  });
});

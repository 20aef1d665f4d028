import { describe, expect, test } from "bun:test";
import {
  buildHeartbeatPrompt,
  HEARTBEAT_MARKER,
  HEARTBEAT_TEMPLATE,
  hasHeartbeatTasks,
  isSilentHeartbeatReply,
} from "./prompt.ts";

describe("buildHeartbeatPrompt", () => {
  test("the untouched template yields no prompt (vector hb-default-idle)", () => {
    expect(HEARTBEAT_TEMPLATE).toContain(HEARTBEAT_MARKER);
    expect(buildHeartbeatPrompt(HEARTBEAT_TEMPLATE)).toBe("");
  });

  test("a task after the marker yields a prompt containing it (vector hb-user-task)", () => {
    const prompt = buildHeartbeatPrompt(`${HEARTBEAT_TEMPLATE}\n- Check unread Feishu messages\n`);
    expect(prompt).not.toBe("");
    expect(prompt).toContain("Check unread Feishu messages");
    expect(prompt).toContain("HEARTBEAT_OK");
  });

  test("headings after the marker are not tasks; text without a marker is", () => {
    expect(hasHeartbeatTasks(`${HEARTBEAT_TEMPLATE}\n## Later\n\n`)).toBe(false);
    expect(hasHeartbeatTasks("check the garden sensor")).toBe(true);
    expect(hasHeartbeatTasks("  \n")).toBe(false);
  });

  test("stamps the given time", () => {
    const prompt = buildHeartbeatPrompt("task", new Date(2025, 0, 2, 3, 4, 5));
    expect(prompt).toContain("Current time: 2025-01-02 03:04:05");
  });
});

describe("isSilentHeartbeatReply", () => {
  test("HEARTBEAT_OK and empty replies are silent, real text is not", () => {
    expect(isSilentHeartbeatReply("HEARTBEAT_OK")).toBe(true);
    expect(isSilentHeartbeatReply(" **HEARTBEAT_OK** \n")).toBe(true);
    expect(isSilentHeartbeatReply("")).toBe(true);
    expect(isSilentHeartbeatReply("The sensor is offline")).toBe(false);
  });
});

import { describe, expect, test } from "bun:test";
import { type CommandRuntime, executeCommand, formatStopReply } from "./execute-command.ts";
import { parseCommandName } from "./parse-command.ts";

const signal = new AbortController().signal;

function runtime(overrides: Partial<CommandRuntime> = {}): CommandRuntime & { cleared: number } {
  const state = { cleared: 0 };
  return Object.assign(state, {
    stopActiveTurn: () => ({ stopped: false }),
    clearHistory: async () => {
      state.cleared++;
    },
    askSideQuestion: async (q: string) => `answer to ${q}`,
    ...overrides,
  });
}

describe("parseCommandName", () => {
  test("accepts / and !, strips @bot, lowercases", () => {
    expect(parseCommandName("/Help@PicoBot extra")).toBe("help");
    expect(parseCommandName("  !CLEAR")).toBe("clear");
    expect(parseCommandName("/")).toBeUndefined();
    expect(parseCommandName("hello /help")).toBeUndefined();
  });
});

describe("executeCommand", () => {
  test("unknown commands and plain text pass through to the model", async () => {
    expect(await executeCommand("/weather Paris", runtime(), signal)).toEqual({ handled: false });
    expect(await executeCommand("hello", runtime(), signal)).toEqual({ handled: false });
  });

  test("/help lists every built-in with its usage", async () => {
    const outcome = await executeCommand("/help", runtime(), signal);
    expect(outcome.handled && outcome.reply.split("\n").map((l) => l.split(" - ")[0])).toEqual([
      "/start",
      "/help",
      "/stop",
      "/clear",
      "/btw <question>",
    ]);
  });

  test("/clear clears and confirms; /btw needs a question", async () => {
    const rt = runtime();
    expect(await executeCommand("!clear", rt, signal)).toMatchObject({ reply: "Chat history cleared!" });
    expect(rt.cleared).toBe(1);
    expect(await executeCommand("/btw", rt, signal)).toMatchObject({ reply: "Usage: /btw <question>" });
    expect(await executeCommand("/btw  why is the sky blue ", rt, signal)).toMatchObject({
      reply: "answer to why is the sky blue",
    });
  });

  test("a failing handler is reported as the command's reply", async () => {
    const rt = runtime({ clearHistory: () => Promise.reject(new Error("read-only disk")) });
    expect(await executeCommand("/clear", rt, signal)).toMatchObject({
      reply: "Command /clear failed: read-only disk",
    });
  });
});

describe("formatStopReply", () => {
  test("quotes and compacts the task name", () => {
    expect(formatStopReply({ stopped: true, taskName: "  write   a poem " })).toBe(
      'Task stopped. "write a poem" was canceled.',
    );
    expect(formatStopReply({ stopped: true, taskName: "x".repeat(100) })).toBe(
      `Task stopped. "${"x".repeat(77)}..." was canceled.`,
    );
    expect(formatStopReply({ stopped: true })).toBe("Task stopped. Current task was canceled.");
  });
});

/** Conformance adapter: slash-command prefixes and the built-in /stop (src/agent/commands). */
import { expect } from "bun:test";
import { executeCommand } from "../../src/agent/commands/execute-command.ts";
import { hasCommandPrefix } from "../../src/agent/commands/parse-command.ts";
import type { ConformanceAdapter } from "./adapter.ts";

const adapter: ConformanceAdapter = {
  groups: ["Slash commands"],
  async run(vector) {
    const input = vector.input;
    if (typeof input["input"] === "string") {
      expect(hasCommandPrefix(input["input"])).toBe(vector.expect["result"] as boolean);
      return;
    }
    const active = input["active_turn"] === true;
    const outcome = await executeCommand(
      String(input["text"]),
      {
        stopActiveTurn: () => ({ stopped: active, taskName: active ? "task" : undefined }),
        clearHistory: async () => {},
        askSideQuestion: async () => "",
      },
      new AbortController().signal,
    );
    expect(outcome.handled ? "handled" : "passthrough").toBe(vector.expect["outcome"] as string);
    if (outcome.handled) expect(outcome.reply).toBe(vector.expect["reply"] as string);
  },
};

export default adapter;

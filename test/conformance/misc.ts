/**
 * The "Misc: MCP naming, Pico, heartbeat, exec guard" group: one adapter that tells the behaviours apart by
 * the case's input fields and hands each to the module that owns it: `server`+`tool` (MCP tool names),
 * a Pico `fn` (the Pico channel), `HEARTBEAT.md` (the heartbeat prompt), `args` (the exec tool).
 */
import { expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHeartbeatPrompt, HEARTBEAT_TEMPLATE } from "../../src/agent/heartbeat/prompt.ts";
import { mcpToolName } from "../../src/agent/mcp/tool-name.ts";
import { bunPlatform } from "../../src/platform/bun.ts";
import { createExecTool } from "../../src/tools/exec/exec.ts";
import type { ConformanceAdapter, VectorFields } from "./adapter.ts";
import { PICO_FUNCTIONS, runPicoVector } from "./pico.ts";

function heartbeatFile(spec: string): string {
  // The vectors describe the file as "default template" optionally followed by `+ "<json string>"`.
  const extra = /^default template \+ (".*")$/s.exec(spec);
  return extra ? HEARTBEAT_TEMPLATE + (JSON.parse(extra[1] as string) as string) : HEARTBEAT_TEMPLATE;
}

async function runExec(vector: VectorFields): Promise<void> {
  const input = vector.input;
  const workspace = mkdtempSync(join(tmpdir(), "exec-vector-"));
  try {
    const allowRemote = input["tools.exec.allow_remote"];
    const tool = createExecTool({
      workspace,
      spawn: bunPlatform.spawn,
      restrictToWorkspace: input["restrict_to_workspace"] !== false,
      // Go's NewExecTool without config allows every channel; our default is false (safer, documented),
      // so vectors without a tool context run from the internal `cli` channel, as Go's tests effectively do.
      allowRemote: typeof allowRemote === "boolean" ? allowRemote : false,
    });
    const context = (input["tool_context"] ?? { channel: "cli", chat_id: "direct" }) as Record<
      string,
      string
    >;
    const channel = context["channel"] ?? "cli";
    const result = await tool.execute(input["args"], {
      channel,
      chatId: context["chat_id"] ?? "direct",
      sessionKey: "vector",
      workspace,
      signal: new AbortController().signal,
      isInternal: ["cli", "system", "subagent"].includes(channel),
    });
    const expected = vector.expect;
    if (typeof expected["is_error"] === "boolean") expect(result.isError === true).toBe(expected["is_error"]);
    if (typeof expected["message_contains"] === "string")
      expect(result.content).toContain(expected["message_contains"]);
    if (typeof expected["message_not_contains"] === "string") {
      expect(result.content).not.toContain(expected["message_not_contains"]);
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

function runHeartbeat({ input, expect: want }: VectorFields): void {
  if (input["fn"] !== undefined && input["fn"] !== "buildPrompt")
    throw new Error(`unknown fn ${String(input["fn"])}`);
  const prompt = buildHeartbeatPrompt(heartbeatFile(String(input["HEARTBEAT.md"])));
  if ("prompt" in want) expect(prompt).toBe(String(want["prompt"]));
  if ("prompt_non_empty" in want) expect(prompt !== "").toBe(want["prompt_non_empty"] as boolean);
  if (typeof want["prompt_contains"] === "string") expect(prompt).toContain(want["prompt_contains"]);
}

async function run(vector: VectorFields): Promise<void> {
  const input = vector.input;
  if ("server" in input && "tool" in input) {
    expect(mcpToolName(String(input["server"]), String(input["tool"]))).toBe(String(vector.expect["name"]));
  } else if (PICO_FUNCTIONS.includes(String(input["fn"]))) {
    await runPicoVector(vector);
  } else if ("HEARTBEAT.md" in input) {
    runHeartbeat(vector);
  } else if ("args" in input) {
    await runExec(vector);
  } else {
    throw new Error(`no behaviour of this group takes input fields ${Object.keys(input).join(", ")}`);
  }
}

const adapter: ConformanceAdapter = { groups: ["Misc: MCP naming, Pico, heartbeat, exec guard"], run };
export default adapter;

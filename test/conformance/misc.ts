/**
 * The "Misc: MCP naming, Pico, heartbeat, exec guard" group: one adapter dispatching by case id to the
 * modules that own each behaviour (MCP tool names, the Pico channel, the heartbeat prompt, the exec tool).
 */
import { expect } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildHeartbeatPrompt, HEARTBEAT_TEMPLATE } from "../../src/agent/heartbeat/prompt.ts";
import { mcpToolName } from "../../src/agent/mcp/tool-name.ts";
import { bunPlatform } from "../../src/platform/bun.ts";
import { createExecTool } from "../../src/tools/exec/exec.ts";
import type { ConformanceAdapter, VectorCase } from "./adapter.ts";
import { runPicoVector } from "./pico.ts";

function heartbeatFile(spec: string): string {
  // The vectors describe the file as "default template" optionally followed by `+ "<json string>"`.
  const extra = /^default template \+ (".*")$/s.exec(spec);
  return extra ? HEARTBEAT_TEMPLATE + (JSON.parse(extra[1] as string) as string) : HEARTBEAT_TEMPLATE;
}

async function runExec(vector: VectorCase): Promise<void> {
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

async function run(vector: VectorCase): Promise<void> {
  const input = vector.input;
  if (vector.id.startsWith("mcpname-")) {
    expect(mcpToolName(String(input["server"]), String(input["tool"]))).toBe(String(vector.expect["name"]));
  } else if (vector.id.startsWith("pico-")) {
    await runPicoVector(vector);
  } else if (vector.id.startsWith("hb-")) {
    const prompt = buildHeartbeatPrompt(heartbeatFile(String(input["HEARTBEAT.md"])));
    if ("prompt" in vector.expect) expect(prompt).toBe(String(vector.expect["prompt"]));
    if (vector.expect["prompt_non_empty"] === true) expect(prompt).not.toBe("");
    if (typeof vector.expect["prompt_contains"] === "string")
      expect(prompt).toContain(vector.expect["prompt_contains"]);
  } else if (vector.id.startsWith("exec-")) {
    await runExec(vector);
  } else {
    throw new Error(`no runner for misc case ${vector.id}`);
  }
}

const adapter: ConformanceAdapter = { groups: ["Misc: MCP naming, Pico, heartbeat, exec guard"], run };
export default adapter;

import { describe, expect, test } from "bun:test";
import { collectSecrets, createToolRegistry } from "./registry.ts";
import type { Tool, ToolContext } from "./tool.ts";

const context: ToolContext = {
  channel: "cli",
  chatId: "direct",
  sessionKey: "s",
  workspace: "/tmp",
  signal: new AbortController().signal,
  isInternal: true,
};

function tool(name: string, execute: Tool["execute"]): Tool {
  return { definition: { name, description: name, parameters: { type: "object" } }, execute };
}

describe("createToolRegistry", () => {
  test("lists definitions in order and runs a tool", async () => {
    const registry = createToolRegistry([
      tool("a", async () => ({ content: "A" })),
      tool("b", async (args) => ({ content: JSON.stringify(args) })),
    ]);
    expect(registry.definitions().map((d) => d.name)).toEqual(["a", "b"]);
    expect(await registry.execute("b", { x: 1 }, context)).toEqual({ content: '{"x":1}' });
  });

  test("unknown tool is an error result", async () => {
    const result = await createToolRegistry([]).execute("nope", {}, context);
    expect(result.isError).toBe(true);
    expect(result.content).toContain("nope");
  });

  test("non-object arguments are refused before the tool runs", async () => {
    let ran = false;
    const registry = createToolRegistry([
      tool("a", async () => {
        ran = true;
        return { content: "" };
      }),
    ]);
    for (const args of [null, "x", 3, [1]]) {
      expect((await registry.execute("a", args, context)).isError).toBe(true);
    }
    expect(ran).toBe(false);
  });

  test("a throwing tool becomes an error result", async () => {
    const registry = createToolRegistry([
      tool("boom", async () => {
        throw new Error("kaput");
      }),
    ]);
    expect(await registry.execute("boom", {}, context)).toEqual({
      content: "boom failed: kaput",
      isError: true,
    });
  });

  test("masks secrets in output and in errors", async () => {
    const secret = "sk-live-1234567890";
    const registry = createToolRegistry(
      [
        tool("leak", async () => ({ content: `key=${secret} short=abc` })),
        tool("fail", async () => {
          throw new Error(`bad key ${secret}`);
        }),
      ],
      { secrets: [secret, "abc"] },
    );
    expect((await registry.execute("leak", {}, context)).content).toBe("key=[FILTERED] short=abc");
    expect((await registry.execute("fail", {}, context)).content).not.toContain(secret);
  });

  test("duplicate names are a wiring error", () => {
    const t = tool("a", async () => ({ content: "" }));
    expect(() => createToolRegistry([t, t])).toThrow("duplicate");
  });
});

describe("collectSecrets", () => {
  test("walks nested config for credential keys", () => {
    const secrets = collectSecrets({
      model_list: [
        { model_name: "gpt", api_key: "sk-aaaaaaaaaaaa", api_keys: ["k1-bbbbbbbb", "k2-cccccccc"] },
      ],
      channel_list: {
        telegram: { settings: { token: "123:ABCDEFGH", base_url: "https://x" } },
        slack: { settings: { bot_token: "xoxb-1", app_token: "xapp-2", channel_secret: "[NOT_HERE]" } },
      },
      tools: { web: { brave: { api_key: "" } } },
      gateway: { password: "hunter22" },
    });
    expect(secrets.sort()).toEqual(
      [
        "sk-aaaaaaaaaaaa",
        "k1-bbbbbbbb",
        "k2-cccccccc",
        "123:ABCDEFGH",
        "xoxb-1",
        "xapp-2",
        "hunter22",
      ].sort(),
    );
  });
});

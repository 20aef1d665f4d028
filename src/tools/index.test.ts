import { describe, expect, test } from "bun:test";
import { bunPlatform } from "../platform/bun.ts";
import { createBuiltinTools } from "./index.ts";

const { spawn } = bunPlatform;

describe("createBuiltinTools", () => {
  test("all core tools are on by default; message needs a publish function", () => {
    const names = createBuiltinTools({ workspace: "/tmp/ws", spawn }).map((tool) => tool.definition.name);
    expect(names).toEqual([
      "read_file",
      "write_file",
      "edit_file",
      "append_file",
      "list_dir",
      "exec",
      "web_search",
      "web_fetch",
    ]);
    const withBus = createBuiltinTools({ workspace: "/tmp/ws", spawn, publish: () => {} });
    expect(withBus.map((tool) => tool.definition.name)).toContain("message");
  });

  test("enabled flags remove tools", () => {
    const names = createBuiltinTools({
      spawn,
      workspace: "/tmp/ws",
      tools: { exec: { enabled: false }, web: { enabled: false }, write_file: { enabled: false } },
    }).map((tool) => tool.definition.name);
    expect(names).toEqual(["read_file", "edit_file", "append_file", "list_dir", "web_fetch"]);
  });

  test("exec from a remote channel is refused unless allow_remote", async () => {
    const context = {
      channel: "telegram",
      chatId: "1",
      sessionKey: "s",
      workspace: "/tmp",
      signal: new AbortController().signal,
      isInternal: false,
    };
    const [exec] = createBuiltinTools({
      spawn,
      workspace: "/tmp",
      tools: {
        read_file: { enabled: false },
        write_file: { enabled: false },
        edit_file: { enabled: false },
        append_file: { enabled: false },
        list_dir: { enabled: false },
      },
    });
    expect((await exec?.execute({ command: "echo hi" }, context))?.content).toContain(
      "restricted to internal channels",
    );
  });

  test("an invalid custom pattern is reported at startup", () => {
    expect(() =>
      createBuiltinTools({ workspace: "/tmp", spawn, tools: { exec: { custom_allow_patterns: ["["] } } }),
    ).toThrow("custom_allow_patterns");
  });
});

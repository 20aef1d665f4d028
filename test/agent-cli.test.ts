/**
 * `picoclaw agent` from the CLI against the fake LLM: a multi-step tool chain (write a file, read it back,
 * answer), sessions on disk in PicoClaw's layout, history across interactive turns, and kill -9 mid-turn
 * leaving every session file readable.
 */
import { afterEach, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createSessionStore } from "../src/agent/session/session-store.ts";
import { type FakeLlmServer, startFakeOpenAI } from "./fakes/openai-server.ts";

const ROOT = resolve(import.meta.dir, "..");
let home = "";
let llm: FakeLlmServer | undefined;

afterEach(async () => {
  await llm?.stop();
  llm = undefined;
  if (home) rmSync(home, { recursive: true, force: true });
});

function setup(): { env: Record<string, string>; workspace: string } {
  home = mkdtempSync(join(tmpdir(), "picoclaw-agent-"));
  const workspace = join(home, "workspace");
  writeFileSync(
    join(home, "config.json"),
    JSON.stringify({
      version: 3,
      agents: { defaults: { workspace, model_name: "fake", max_tokens: 1024 } },
      model_list: [
        { model_name: "fake", provider: "openai", model: "m", api_base: llm?.url, api_keys: ["k-12345678"] },
      ],
    }),
  );
  return {
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, PICOCLAW_HOME: home },
    workspace,
  };
}

function agent(args: string[], env: Record<string, string>, stdin?: string) {
  return Bun.spawn(
    [join(ROOT, "node_modules", ".bin", "bun"), join(ROOT, "src", "main.ts"), "agent", ...args],
    {
      env,
      cwd: home,
      stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
      stdout: "pipe",
      stderr: "pipe",
    },
  );
}

describe("picoclaw agent", () => {
  test("runs a write → read → answer tool chain and prints the answer", async () => {
    llm = startFakeOpenAI({
      steps: [
        {
          kind: "tools",
          calls: [{ name: "write_file", arguments: { path: "notes/answer.txt", content: "forty-two" } }],
        },
        { kind: "tools", calls: [{ name: "read_file", arguments: { path: "notes/answer.txt" } }] },
        { kind: "text", text: "The file says forty-two." },
      ],
    });
    const { env, workspace } = setup();
    const child = agent(["-m", "store the answer and read it back"], env);
    const [out, err, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    expect(err).not.toContain("Error");
    expect(code).toBe(0);
    expect(out.trim()).toBe("🦞 The file says forty-two.");
    expect(readFileSync(join(workspace, "notes", "answer.txt"), "utf8")).toBe("forty-two");
    // The model saw the read_file result.
    const third = llm.requests[2]?.body as { messages: { role: string; content: string }[] };
    expect(third.messages.at(-1)?.role).toBe("tool");
    expect(third.messages.at(-1)?.content).toContain("forty-two");

    const files = readdirSync(join(workspace, "sessions"));
    const jsonl = files.find((f) => f.endsWith(".jsonl")) as string;
    expect(jsonl).toMatch(/^sk_v1_[0-9a-f]{64}\.jsonl$/);
    const lines = readFileSync(join(workspace, "sessions", jsonl), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    expect(lines[1].tool_calls[0].function.name).toBe("write_file");
    const meta = JSON.parse(
      readFileSync(join(workspace, "sessions", jsonl.replace(".jsonl", ".meta.json")), "utf8"),
    );
    expect(meta.key).toBe(jsonl.replace(".jsonl", ""));
    expect(meta.count).toBe(6);
    expect(Array.isArray(meta.aliases)).toBe(true);
  });

  test("a global skill is listed in the prompt and readable on demand", async () => {
    llm = startFakeOpenAI();
    const { env } = setup();
    const skill = join(home, "skills", "weather", "SKILL.md");
    mkdirSync(join(home, "skills", "weather"), { recursive: true });
    writeFileSync(
      skill,
      "---\nname: weather\ndescription: Look up the weather\n---\nUse wttr.in for forecasts.\n",
    );
    llm.push({ kind: "tools", calls: [{ name: "read_file", arguments: { path: skill } }] }, { kind: "echo" });
    const child = agent(["-m", "what is the weather"], env);
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(code).toBe(0);
    const first = llm.requests[0]?.body as { messages: { content: string }[] };
    expect(first.messages[0]?.content).toContain("<name>weather</name>");
    expect(out).toContain("Use wttr.in for forecasts.");
  });

  test("interactive mode keeps history across turns", async () => {
    llm = startFakeOpenAI();
    const { env } = setup();
    const child = agent([], env, "first message\nsecond message\nexit\n");
    const [out, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    expect(code).toBe(0);
    expect(out).toContain("🦞 echo: first message");
    expect(out).toContain("🦞 echo: second message");
    const second = llm.requests[1]?.body as { messages: { role: string; content: string }[] };
    const contents = second.messages.map((m) => m.content);
    expect(contents).toContain("first message");
    expect(contents).toContain("echo: first message");
  });

  test("kill -9 during a turn leaves every session file readable", async () => {
    llm = startFakeOpenAI({ steps: [{ kind: "text", text: "warm-up" }, { kind: "hang" }] });
    const { env, workspace } = setup();
    const first = agent(["-m", "one"], env);
    expect(await first.exited).toBe(0);
    const second = agent(["-m", "two"], env);
    await llm.received(2);
    second.kill("SIGKILL");
    await second.exited;
    const sessions = join(workspace, "sessions");
    const store = createSessionStore(sessions);
    for (const file of readdirSync(sessions).filter((f) => f.endsWith(".jsonl"))) {
      const key = file.replace(".jsonl", "");
      const history = await store.history(key);
      expect(history.map((h) => h.message.content).slice(0, 3)).toEqual(["one", "warm-up", "two"]);
      expect(existsSync(join(sessions, `${key}.meta.json`))).toBe(true);
      JSON.parse(readFileSync(join(sessions, `${key}.meta.json`), "utf8"));
    }
  });

  test("fails with a clear message when no model is configured", async () => {
    home = mkdtempSync(join(tmpdir(), "picoclaw-agent-"));
    const child = agent(["-m", "hi"], {
      PATH: process.env["PATH"] ?? "/usr/bin",
      HOME: home,
      PICOCLAW_HOME: home,
    });
    const [err, code] = await Promise.all([new Response(child.stderr).text(), child.exited]);
    expect(code).toBe(1);
    expect(err).toContain("No model is configured");
  });
});

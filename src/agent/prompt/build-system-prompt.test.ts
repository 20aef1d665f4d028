import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSystemPrompt } from "./build-system-prompt.ts";
import { createFileCache } from "./file-cache.ts";
import { dailyNotePath } from "./memory-context.ts";

let ws: string;
beforeEach(async () => {
  ws = await mkdtemp(join(tmpdir(), "ws-"));
});
afterEach(async () => {
  await rm(ws, { recursive: true, force: true });
});

const NOW = new Date(2026, 4, 10, 12, 0).getTime();

async function put(rel: string, text: string): Promise<void> {
  await mkdir(join(ws, rel, ".."), { recursive: true });
  await writeFile(join(ws, rel), text);
}

describe("buildSystemPrompt", () => {
  test("orders identity, bootstrap files, memory, skills, session block, summary", async () => {
    await put("AGENT.md", "---\nname: pico\ntools: [exec]\n---\nBe helpful.");
    await put("AGENTS.md", "legacy agents");
    await put("SOUL.md", "Calm.");
    await put("USER.md", "Likes tea.");
    await put("memory/MEMORY.md", "User is Ana.");
    const prompt = await buildSystemPrompt({
      workspace: ws,
      now: NOW,
      channel: "telegram",
      chatId: "42",
      senderId: "7",
      senderName: "Ana",
      summary: "We talked about tea.",
      listSkills: async () => [
        { name: "weather", description: "Forecasts <now>", location: "/s/weather/SKILL.md" },
      ],
    });
    const order = [
      "# PicoClaw",
      "## AGENT.md\n\nBe helpful.",
      "## SOUL.md\n\nCalm.",
      "## USER.md\n\nLikes tea.",
      "# Memory",
      "<skills>",
      "Channel: telegram\nChat ID: 42",
      "Current sender: Ana (ID: 7)",
      "We talked about tea.",
    ];
    const positions = order.map((part) => prompt.indexOf(part));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(prompt).not.toContain("legacy agents");
    expect(prompt).not.toContain("tools: [exec]");
    expect(prompt).toContain("<description>Forecasts &lt;now&gt;</description>");
  });

  test("uses legacy AGENTS.md and IDENTITY.md only when AGENT.md is absent", async () => {
    await put("AGENTS.md", "legacy agents");
    await put("IDENTITY.md", "legacy identity");
    const prompt = await buildSystemPrompt({ workspace: ws, now: NOW, channel: "cli", chatId: "direct" });
    expect(prompt).toContain("## AGENTS.md\n\nlegacy agents");
    expect(prompt).toContain("## IDENTITY.md\n\nlegacy identity");
  });

  test("includes daily notes of the last three days only", async () => {
    for (let back = 0; back < 4; back++) {
      const date = new Date(NOW);
      date.setDate(date.getDate() - back);
      await mkdir(join(dailyNotePath(ws, date), ".."), { recursive: true });
      await writeFile(dailyNotePath(ws, date), `note-${back}`);
    }
    const prompt = await buildSystemPrompt({ workspace: ws, now: NOW, channel: "cli", chatId: "d" });
    expect(prompt).toContain("note-0");
    expect(prompt).toContain("note-2");
    expect(prompt).not.toContain("note-3");
  });

  test("the daily notes follow the local date across midnight with one cache", async () => {
    const files = createFileCache({ recheckMs: 1000 });
    const late = new Date(2026, 4, 10, 23, 59, 59, 500).getTime();
    const early = new Date(2026, 4, 11, 0, 0, 0, 500).getTime();
    for (const [at, text] of [
      [late, "may-10"],
      [early, "may-11"],
    ] as const) {
      await mkdir(join(dailyNotePath(ws, new Date(at)), ".."), { recursive: true });
      await writeFile(dailyNotePath(ws, new Date(at)), text);
    }
    const input = { workspace: ws, channel: "cli", chatId: "d", files };
    const before = await buildSystemPrompt({ ...input, now: late });
    expect(before).toContain("may-10");
    expect(before).not.toContain("may-11");
    expect(await buildSystemPrompt({ ...input, now: early })).toContain("may-11\n\n---\n\nmay-10");
    expect(await buildSystemPrompt({ ...input, now: late })).not.toContain("may-11");
  });

  test("re-reads a cached file when its mtime changes", async () => {
    const files = createFileCache();
    await put("SOUL.md", "first");
    const input = { workspace: ws, now: NOW, channel: "cli", chatId: "d", files };
    expect(await buildSystemPrompt(input)).toContain("first");
    await writeFile(join(ws, "SOUL.md"), "second");
    await utimes(join(ws, "SOUL.md"), new Date(), new Date(Date.now() + 5000));
    expect(await buildSystemPrompt(input)).toContain("second");
  });
});

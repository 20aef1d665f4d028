/**
 * `picoclaw onboard`: writes a starter config.json and the workspace templates. Unlike Go's
 * onboard it never overwrites: an existing file is kept and reported as kept. Secrets (API
 * keys) are not written; they stay in the environment or go into .security.yml.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { builtinRawConfig } from "../config/builtin.ts";
import { formatIssues, loadConfig, probeOllamaTags, resolvePaths } from "../config/index.ts";
import type { CliCommand } from "./commands.ts";

/** Workspace files and their starter text (our own short templates). */
export const WORKSPACE_TEMPLATES: Record<string, string> = {
  "AGENT.md":
    "---\nname: picoclaw\ndescription: A helpful assistant on a small computer.\n---\n\nYou help the user with short, accurate answers. Ask before doing anything destructive.\n",
  "SOUL.md": "# Soul\n\nCalm, friendly and direct. Prefer plain words. Admit what you do not know.\n",
  "USER.md": "# User\n\nWrite what the assistant should know about you here: name, time zone, preferences.\n",
  "HEARTBEAT.md":
    "# Heartbeat\n\nThe gateway reads this file on every heartbeat and runs the tasks listed below.\n\nAdd your heartbeat tasks below this line:\n",
  "memory/MEMORY.md": "# Memory\n\nLong-term notes the assistant keeps about you and your projects.\n",
};

/** The `onboard` command. */
export const onboardCommand: CliCommand = {
  name: "onboard",
  aliases: ["o"],
  summary: "Create config.json and the workspace files (never overwrites)",
  usage:
    "Usage: picoclaw onboard\n\nWrites config.json (if missing) and the workspace templates AGENT.md, SOUL.md,\nUSER.md, HEARTBEAT.md and memory/MEMORY.md. Existing files are kept as they are.",
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(`picoclaw onboard: unexpected argument "${args[0]}"`);
      return 2;
    }
    const { home, configPath } = resolvePaths(io.env);
    if (existsSync(configPath)) io.stdout(`kept ${configPath}`);
    else {
      const { raw } = await builtinRawConfig(io.env, home, probeOllamaTags);
      mkdirSync(dirname(configPath), { recursive: true, mode: 0o700 });
      // A key found in the environment goes to .security.yml (mode 600), as PicoClaw stores
      // secrets; config.json holds the "[NOT_HERE]" placeholder.
      const secrets: string[] = [];
      for (const model of raw["model_list"] as Record<string, unknown>[]) {
        const keys = model["api_keys"];
        if (!Array.isArray(keys) || keys.length === 0) continue;
        secrets.push(
          `  ${JSON.stringify(model["model_name"])}:`,
          `    api_keys: [${keys.map((k) => JSON.stringify(k)).join(", ")}]`,
        );
        model["api_keys"] = ["[NOT_HERE]"];
      }
      writeFileSync(configPath, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      io.stdout(`wrote ${configPath}`);
      const securityPath = join(dirname(configPath), ".security.yml");
      if (secrets.length > 0 && !existsSync(securityPath)) {
        writeFileSync(securityPath, `model_list:\n${secrets.join("\n")}\n`, { mode: 0o600, flag: "wx" });
        io.stdout(`wrote ${securityPath}`);
      }
    }
    const loaded = await loadConfig({ env: io.env });
    if (!loaded.ok) {
      for (const line of formatIssues(loaded.issues).split("\n")) io.stderr(line);
      io.stderr("Fix config.json, then run onboard again to create the workspace files.");
      return 1;
    }
    const workspace = loaded.config.agents.defaults.workspace;
    for (const [file, text] of Object.entries(WORKSPACE_TEMPLATES)) {
      const path = join(workspace, file);
      if (existsSync(path)) {
        io.stdout(`kept ${path}`);
        continue;
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text, { flag: "wx" });
      io.stdout(`wrote ${path}`);
    }
    if (loaded.config.agents.defaults.model_name === "") {
      io.stdout("next: add a model to model_list in config.json (or set OPENAI_API_KEY / ANTHROPIC_API_KEY)");
    }
    return 0;
  },
};

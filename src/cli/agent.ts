/**
 * `picoclaw agent`: talk to the agent from the terminal, one-shot (`-m`) or interactively. The channel
 * is `cli` (internal, like PicoClaw's), so replies come back here instead of going to a chat.
 */
import { MessageBus } from "../bus/bus.ts";
import type { InboundMessage } from "../bus/message.ts";
import { createAgentRuntime } from "../compose/agent-runtime.ts";
import { formatIssues, loadConfig } from "../config/index.ts";
import { setLogLevel } from "../lib/logger.ts";
import { getPlatform } from "../platform/index.ts";
import { describeNoModel } from "../providers/fallback.ts";
import type { CliCommand, CliIo } from "./commands.ts";

const USAGE = `Usage: picoclaw agent [-m MESSAGE] [-s SESSION] [--model NAME] [-d]

Without -m, starts an interactive chat (type "exit" or "quit", or press Ctrl-D, to leave).
History is kept per session in the workspace, so later runs remember earlier turns.

Options:
  -m, --message MESSAGE   send one message, print the reply, exit
  -s, --session SESSION   session (default "cli:default"; "sk_v1_…" or "agent:…" keys are used verbatim)
  --model NAME            use this model_list alias instead of agents.defaults.model_name
  -d, --debug             debug logging`;

interface Flags {
  message?: string;
  session: string;
  model?: string;
  debug: boolean;
}

function parseFlags(args: string[]): Flags | string {
  const flags: Flags = { session: "cli:default", debug: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = () => args[++i];
    if (arg === "-d" || arg === "--debug") flags.debug = true;
    else if (arg === "-m" || arg === "--message") {
      const v = value();
      if (v === undefined) return `${arg} needs a value`;
      flags.message = v;
    } else if (arg === "-s" || arg === "--session") {
      const v = value();
      if (!v) return `${arg} needs a value`;
      flags.session = v;
    } else if (arg === "--model") {
      const v = value();
      if (!v) return `${arg} needs a value`;
      flags.model = v;
    } else return `unknown option ${arg}`;
  }
  return flags;
}

/** The inbound message for one line typed at the CLI. */
export function cliMessage(content: string, session: string): InboundMessage {
  const explicit = /^(sk_v1_|agent:)/i.test(session.trim());
  return {
    context: {
      channel: "cli",
      chatId: explicit ? "direct" : session.replace(/^cli:/, ""),
      chatType: "direct",
      senderId: "cli:user",
    },
    sender: { platform: "cli", platformId: "user", canonicalId: "cli:user" },
    content,
    ...(explicit ? { sessionKey: session.trim() } : {}),
  };
}

async function interactive(io: CliIo, ask: (text: string) => Promise<string>): Promise<number> {
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: process.stdin, terminal: process.stdin.isTTY === true });
  io.stdout('🦞 picoclaw agent: type a message, "exit" to leave');
  if (process.stdin.isTTY) process.stdout.write("> ");
  for await (const line of lines) {
    const text = line.trim();
    if (text === "exit" || text === "quit") break;
    if (text !== "") io.stdout(`🦞 ${await ask(text)}`);
    if (process.stdin.isTTY) process.stdout.write("> ");
  }
  lines.close();
  return 0;
}

/** The `agent` command. */
export const agentCommand: CliCommand = {
  name: "agent",
  aliases: [],
  summary: "Chat with the agent from the terminal (one-shot with -m)",
  usage: USAGE,
  async run(args, io) {
    const flags = parseFlags(args);
    if (typeof flags === "string") {
      io.stderr(`picoclaw agent: ${flags}`);
      io.stderr(USAGE);
      return 2;
    }
    const env = { ...io.env };
    if (flags.model) env["PICOCLAW_AGENTS_DEFAULTS_MODEL_NAME"] = flags.model;
    const loaded = await loadConfig({ env });
    if (!loaded.ok) {
      io.stderr(`picoclaw agent: invalid config ${loaded.path}`);
      io.stderr(formatIssues(loaded.issues));
      return 1;
    }
    setLogLevel(flags.debug ? "debug" : "warn");
    const bus = new MessageBus();
    const runtime = await createAgentRuntime({
      config: loaded.config,
      bus,
      platform: await getPlatform(),
      env,
    });
    if (!runtime.provider) {
      io.stderr(`picoclaw agent: ${describeNoModel()}`);
      return 1;
    }
    const ask = (text: string) => runtime.loop.handle(cliMessage(text, flags.session));
    try {
      if (flags.message !== undefined) {
        io.stdout(`🦞 ${await ask(flags.message)}`);
        return 0;
      }
      return await interactive(io, ask);
    } finally {
      await runtime.loop.idle();
      // Deferred session meta (line counts, compression notes) is written before the process exits.
      await runtime.loop.sessions.flush();
      bus.close();
    }
  },
};

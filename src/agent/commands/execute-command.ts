/**
 * Built-in slash commands. A command the agent knows is answered here without the model; anything
 * else, including unknown commands, passes through to the LLM as an ordinary message.
 */
import { commandArgument, parseCommandName } from "./parse-command.ts";

/** What a command may do to the session it was sent in. */
export interface CommandRuntime {
  /** Aborts the running turn of this session, if any. */
  stopActiveTurn(): { stopped: boolean; taskName?: string | undefined };
  /** Drops the visible history and the summary (logically; files are never rewritten). */
  clearHistory(): Promise<void>;
  /** Answers a side question with no tools and no history write. */
  askSideQuestion(question: string, signal: AbortSignal): Promise<string>;
}

/** Either the command's reply, or "not a command I handle". */
export type CommandOutcome = { handled: false } | { handled: true; command: string; reply: string };

interface CommandDefinition {
  name: string;
  usage: string;
  description: string;
  run(text: string, runtime: CommandRuntime, signal: AbortSignal): Promise<string>;
}

/** The commands as a menu lists them (name without "/", description). */
export function listCommands(): { name: string; description: string }[] {
  return COMMANDS.map(({ name, description }) => ({ name, description }));
}

const EMPTY_ANSWER =
  "The model returned an empty response. This may indicate a provider error or token limit.";

const COMMANDS: readonly CommandDefinition[] = [
  {
    name: "start",
    usage: "/start",
    description: "Start the bot",
    run: async () => "Hello! I am PicoClaw 🦞",
  },
  {
    name: "help",
    usage: "/help",
    description: "Show this help message",
    run: async () => COMMANDS.map((c) => `${c.usage} - ${c.description}`).join("\n"),
  },
  {
    name: "stop",
    usage: "/stop",
    description: "Stop the current task",
    run: async (_text, runtime) => formatStopReply(runtime.stopActiveTurn()),
  },
  {
    name: "clear",
    usage: "/clear",
    description: "Clear the chat history",
    run: async (_text, runtime) => {
      await runtime.clearHistory();
      return "Chat history cleared!";
    },
  },
  {
    name: "btw",
    usage: "/btw <question>",
    description: "Ask a side question without changing session history",
    run: async (text, runtime, signal) => {
      const question = commandArgument(text);
      if (question === "") return "Usage: /btw <question>";
      const answer = await runtime.askSideQuestion(question, signal);
      return answer.trim() === "" ? EMPTY_ANSWER : answer;
    },
  },
];

/** True when `text` is a built-in command (the loop handles `/stop` even while a turn is running). */
export function isBuiltinCommand(text: string, name?: string): boolean {
  const parsed = parseCommandName(text);
  return (
    parsed !== undefined && COMMANDS.some((c) => c.name === parsed) && (name === undefined || name === parsed)
  );
}

/** Runs a built-in command; unknown commands and plain text return `{ handled: false }`. */
export async function executeCommand(
  text: string,
  runtime: CommandRuntime,
  signal: AbortSignal,
): Promise<CommandOutcome> {
  const name = parseCommandName(text);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) return { handled: false };
  try {
    return { handled: true, command: command.name, reply: await command.run(text, runtime, signal) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { handled: true, command: command.name, reply: `Command /${command.name} failed: ${message}` };
  }
}

/** "No active task to stop." or `Task stopped. "<task>" was canceled.` (task name compacted to 80 chars). */
export function formatStopReply(result: { stopped: boolean; taskName?: string | undefined }): string {
  if (!result.stopped) return "No active task to stop.";
  let task = (result.taskName ?? "").trim().split(/\s+/).join(" ");
  if (task === "") return "Task stopped. Current task was canceled.";
  if (task.length > 80) task = `${task.slice(0, 77)}...`;
  return `Task stopped. ${JSON.stringify(task)} was canceled.`;
}

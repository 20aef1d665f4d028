/**
 * CLI entry: global flags, command lookup by name or alias, `--help` on every command, and
 * exit codes (0 ok, 1 failure, 2 usage). No framework: commands parse their own arguments.
 */
import { type CliCommand, type CliIo, COMMANDS, EXIT } from "./commands.ts";

/** Runs the CLI with `argv` (without the executable and script) and returns the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const args = [...argv];
  // --no-color is global in PicoClaw; our output has no colour, so it only needs accepting.
  while (args[0] === "--no-color") args.shift();
  const name = args.shift();
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(helpText(commands));
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name || c.aliases.includes(name));
  if (!command) {
    io.stderr(`picoclaw: unknown command "${name}"`);
    io.stderr(helpText(commands));
    return EXIT.usage;
  }
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr(`picoclaw ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
}

/** The top-level help listing every command. */
export function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  const lines = commands.map((c) => {
    const aliases = c.aliases.length > 0 ? ` (alias: ${c.aliases.join(", ")})` : "";
    return `  ${c.name.padEnd(width)}${c.summary}${aliases}`;
  });
  return [
    "picoclaw: a small AI agent gateway for chat channels and devices",
    "",
    "Usage: picoclaw [--no-color] <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    'Run "picoclaw <command> --help" for a command\'s options.',
  ].join("\n");
}

/** Writes a line; a reader that went away (`picoclaw version | head -1`) is not an error. */
function writeLine(stream: NodeJS.WriteStream, line: string): void {
  // The stream reports EPIPE as an "error" event; without a listener that is a crash with a trace.
  if (stream.listenerCount("error") === 0) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
  stream.write(`${line}\n`);
}

/** Runs the CLI on this process's argv, stdout, stderr and environment; sets the exit code. */
export function runProcess(): void {
  void runCli(process.argv.slice(2), {
    stdout: (line) => writeLine(process.stdout, line),
    stderr: (line) => writeLine(process.stderr, line),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}

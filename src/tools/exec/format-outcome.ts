/** Turns a finished command into the text the model reads: output, stderr, exit code, truncation. */
import type { RunCommandOutcome } from "./run-command.ts";

/** The formatted result; failing, timed-out and cancelled commands are errors. */
export function formatRunOutcome(
  outcome: RunCommandOutcome,
  timeoutSeconds: number,
  maxChars: number,
): { content: string; isError: boolean } {
  let output = outcome.stdout.text;
  let total = outcome.stdout.totalChars;
  if (outcome.stderr.totalChars > 0) {
    output += `\nSTDERR:\n${outcome.stderr.text}`;
    total += "\nSTDERR:\n".length + outcome.stderr.totalChars;
  }
  if (output.length > maxChars || total > output.length) {
    output = `${output.slice(0, maxChars)}\n... (truncated, ${total - Math.min(output.length, maxChars)} more chars)`;
  }
  if (outcome.timedOut) {
    const head = `Command timed out after ${timeoutSeconds}s (process group killed)`;
    return { content: output ? `${head}\n\nPartial output before timeout:\n${output}` : head, isError: true };
  }
  if (outcome.cancelled) return { content: `Command cancelled\n${output}`.trimEnd(), isError: true };
  if (outcome.exitCode !== 0) {
    const signal = outcome.exitCode > 128 ? " (killed by signal)" : "";
    return {
      content: `${output}\n\n[Command exited with code ${outcome.exitCode}]${signal}`.trimStart(),
      isError: true,
    };
  }
  return { content: output === "" ? "(no output)" : output, isError: false };
}

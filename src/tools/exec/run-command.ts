/**
 * Runs one shell command through the platform seam and collects its output. The child leads its own
 * process group; on timeout, cancel, or when the shell exits, the whole group is killed, so a
 * backgrounded grandchild neither outlives the call nor holds its pipes open.
 */
import type { Platform } from "../../platform/platform.ts";

/** How to run a command. */
export interface RunCommandOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Characters kept per stream; more is counted but dropped so memory stays bounded. */
  keepChars: number;
  spawn: Platform["spawn"];
}

/** What happened. `exitCode` is 128+signal for a killed process. */
export interface RunCommandOutcome {
  stdout: CapturedText;
  stderr: CapturedText;
  exitCode: number;
  timedOut: boolean;
  cancelled: boolean;
}

/** Text kept from a stream, and how many characters the stream produced in all. */
export interface CapturedText {
  text: string;
  totalChars: number;
}

/** Runs `sh -c command`; never rejects for a failing command, only for a failed spawn. */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandOutcome> {
  const child = options.spawn(["sh", "-c", options.command], {
    cwd: options.cwd,
    env: options.env,
    stdin: "ignore",
  });
  let timedOut = false;
  let cancelled = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.killGroup("SIGKILL");
  }, options.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    child.killGroup("SIGKILL");
  };
  options.signal.addEventListener("abort", onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  try {
    const stdout = capture(child.stdout, options.keepChars);
    const stderr = capture(child.stderr, options.keepChars);
    const exitCode = await child.exited;
    // The shell is gone; anything it left running in its group goes too (and releases the pipes).
    child.killGroup("SIGKILL");
    return { stdout: await stdout, stderr: await stderr, exitCode, timedOut, cancelled };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", onAbort);
  }
}

async function capture(stream: ReadableStream<Uint8Array>, keepChars: number): Promise<CapturedText> {
  const decoder = new TextDecoder();
  let text = "";
  let totalChars = 0;
  const add = (chunk: string) => {
    totalChars += chunk.length;
    if (text.length < keepChars) text += chunk.slice(0, keepChars - text.length);
  };
  try {
    for await (const chunk of stream) add(decoder.decode(chunk, { stream: true }));
  } catch {
    // A stream torn down by the kill ends the capture; what was read is kept.
  }
  add(decoder.decode());
  return { text, totalChars };
}

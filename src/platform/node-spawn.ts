/**
 * Subprocesses on node:child_process for the Node build. Children start detached so each leads its
 * own process group, and `killGroup` can take down everything a shell command started.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { Readable } from "node:stream";
import { createLogger } from "../lib/logger.ts";
import type { ChildProcess, SpawnOptions } from "./platform.ts";

const log = createLogger("platform");

/** Exit status of a command that could not be started, as shells report it. */
const NOT_STARTED = 127;

/** Starts `argv` with piped stdout/stderr (and stdin when asked). */
export function nodeSpawn(argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error("spawn: empty argv");
  const env = options.env
    ? Object.fromEntries(
        Object.entries(options.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
      )
    : undefined;
  const child = spawn(command, args, {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(env ? { env } : {}),
    stdio: [options.stdin === "pipe" ? "pipe" : "ignore", "pipe", "pipe"],
    detached: true,
  });

  // "exit", not "close": a grandchild holding the pipes open must not delay the exit status.
  const exited = new Promise<number>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
    child.once("error", (error) => {
      // Node reports a missing binary asynchronously (Bun throws at spawn); surface it as 127.
      if (child.pid === undefined) {
        log.warn("spawn failed", { command, error });
        resolve(NOT_STARTED);
      }
    });
  });

  // stdio[1] and stdio[2] are "pipe", so Node always creates these streams.
  const stdout = child.stdout as Readable;
  const stderr = child.stderr as Readable;
  return {
    pid: child.pid ?? -1,
    stdout: Readable.toWeb(stdout) as ReadableStream<Uint8Array>,
    stderr: Readable.toWeb(stderr) as ReadableStream<Uint8Array>,
    exited,
    writeStdin(data) {
      child.stdin?.write(data);
    },
    endStdin() {
      child.stdin?.end();
    },
    killGroup(signal = "SIGKILL") {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    },
  };
}

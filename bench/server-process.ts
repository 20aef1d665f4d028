/**
 * Starts a benchmarked server binary, times spawn → first 200 from its readiness URL, reads its memory,
 * and stops it. Readiness is polled every few ms: an HTTP answer is the only signal both the gateway and
 * the floor give, and polling keeps the two measurements identical.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MemoryFigures, readMemory } from "../test/helpers/proc-status.ts";

/** A running server. */
export interface ServerProcess {
  pid: number;
  /** ms from spawn to the first 200 on the readiness URL. */
  readyMs: number;
  memory(): MemoryFigures;
  stop(): Promise<number>;
}

/** What to start. `config` (gateway only) is written to a fresh PICOCLAW_HOME. */
export interface ServerSpec {
  command: string[];
  readyUrl: string;
  env?: Record<string, string>;
  config?: unknown;
  timeoutMs?: number;
}

/** Spawns the server and resolves once it is ready; kills it and throws at the deadline. */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const home = mkdtempSync(join(tmpdir(), "picoclaw-bench-"));
  if (spec.config !== undefined) writeFileSync(join(home, "config.json"), JSON.stringify(spec.config));
  const started = performance.now();
  const child = Bun.spawn(spec.command, {
    cwd: home,
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: home,
      PICOCLAW_HOME: home,
      PICOCLAW_LOG_LEVEL: "warn",
      ...spec.env,
    },
    stdout: "ignore",
    // BENCH_SERVER_STDERR=<path>: the server's stderr goes there (with BUN_JSC_logGC=1, the GC log).
    stderr: process.env["BENCH_SERVER_STDERR"] ? Bun.file(process.env["BENCH_SERVER_STDERR"]) : "ignore",
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    const code = await child.exited;
    rmSync(home, { recursive: true, force: true });
    return code;
  };
  const deadline = started + (spec.timeoutMs ?? 30_000);
  let lastAnswer = "no answer";
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${spec.command[0]} exited with ${child.exitCode} before it was ready`);
    }
    try {
      const response = await fetch(spec.readyUrl, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) break;
      lastAnswer = `${response.status} ${(await response.text()).slice(0, 500)}`;
    } catch (error) {
      lastAnswer = String(error);
    }
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      await stop();
      throw new Error(
        `${spec.readyUrl} not ready within ${spec.timeoutMs ?? 30_000} ms; last answer: ${lastAnswer}`,
      );
    }
    await Bun.sleep(2);
  }
  const readyMs = performance.now() - started;
  return { pid: child.pid, readyMs, memory: () => readMemory(child.pid), stop };
}

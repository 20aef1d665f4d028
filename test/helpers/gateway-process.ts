/**
 * Starts a real gateway process (the source through bun, or a compiled binary) in a temporary
 * PICOCLAW_HOME with a given config, waits for its startup line, and stops it with SIGTERM.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawn as bunSpawn } from "bun";
import { LineWatcher } from "./line-reader.ts";

const ROOT = resolve(import.meta.dir, "..", "..");

/** A running gateway child. */
export interface GatewayProcess {
  pid: number;
  home: string;
  stdout: LineWatcher;
  stderr: LineWatcher;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number>;
  /** SIGKILL, for crash tests. */
  kill(): Promise<number>;
  /** Removes the temporary home (after stop). */
  dispose(): void;
}

/** How to start one. `binary` defaults to `bun src/main.ts`. */
export interface GatewayProcessOptions {
  config?: unknown;
  binary?: string;
  args?: string[];
  env?: Record<string, string>;
  home?: string;
  /** Wait for the startup line (default true). */
  waitReady?: boolean;
  timeoutMs?: number;
}

/** Starts `picoclaw gateway` and waits for "✓ Gateway started". */
export async function startGatewayProcess(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), "picoclaw-e2e-"));
  if (options.config !== undefined)
    writeFileSync(join(home, "config.json"), JSON.stringify(options.config, null, 2));
  const command = options.binary
    ? [options.binary, "gateway", ...(options.args ?? [])]
    : [
        join(ROOT, "node_modules", ".bin", "bun"),
        join(ROOT, "src", "main.ts"),
        "gateway",
        ...(options.args ?? []),
      ];
  const child = bunSpawn(command, {
    cwd: home,
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: home,
      PICOCLAW_HOME: home,
      PICOCLAW_LOG_LEVEL: process.env["PICOCLAW_TEST_LOGS"] ? "debug" : "info",
      ...options.env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const echo = process.env["PICOCLAW_TEST_LOGS"]
    ? (line: string) => console.error(`[gateway] ${line}`)
    : undefined;
  const stdout = new LineWatcher(child.stdout, echo);
  const stderr = new LineWatcher(child.stderr, echo);
  const stop = async (signal: "SIGTERM" | "SIGKILL") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const code = await child.exited;
    return child.signalCode ? -1 : code;
  };
  const gateway: GatewayProcess = {
    pid: child.pid,
    home,
    stdout,
    stderr,
    stop: () => stop("SIGTERM"),
    kill: () => stop("SIGKILL"),
    dispose: () => {
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
  if (options.waitReady !== false) {
    try {
      await stdout.waitFor("✓ Gateway started", options.timeoutMs ?? 30_000);
    } catch (error) {
      await gateway.kill();
      throw new Error(`${(error as Error).message}\nstderr:\n${stderr.lines.slice(-40).join("\n")}`);
    }
  }
  return gateway;
}

/** A config with the fake LLM, Pico and MaixCam on the given ports. */
export function testConfig(options: {
  llmUrl: string;
  gatewayPort: number;
  maixcamPort: number;
  token: string;
  extraChannels?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    version: 3,
    agents: { defaults: { model_name: "fake", max_tokens: 1024, max_tool_iterations: 10 } },
    model_list: [
      {
        model_name: "fake",
        provider: "openai",
        model: "fake-model",
        api_base: options.llmUrl,
        api_keys: ["test-key-123456"],
      },
    ],
    channel_list: {
      pico: { enabled: true, type: "pico", allow_from: ["*"], settings: { token: options.token } },
      maixcam: {
        enabled: true,
        type: "maixcam",
        allow_from: ["*"],
        settings: { host: "127.0.0.1", port: options.maixcamPort },
      },
      ...options.extraChannels,
    },
    heartbeat: { enabled: false },
    gateway: { host: "127.0.0.1", port: options.gatewayPort, log_level: "info" },
  };
}

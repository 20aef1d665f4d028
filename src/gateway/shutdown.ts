/**
 * Graceful shutdown on SIGTERM/SIGINT, in data-flow order: refuse new inbound, close the inbound queue so
 * the agent finishes what it took, close the bus so the dispatcher and workers drain the replies, keep what
 * is still undeliverable in the outbox (fsynced), stop the channels and the HTTP server, exit 0.
 */
import type { MessageBus } from "../bus/bus.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";

/** The parts shutdown stops, in order. */
export interface ShutdownParts {
  manager: { stopInbound(): void; drain(timeoutMs: number): Promise<void>; stop(): Promise<void> };
  bus: MessageBus;
  server?: { stop(force?: boolean): Promise<void> } | undefined;
  /** Resolves when the agent loop has returned (it ends once the closed inbound queue is drained). */
  agentDone?: (() => Promise<void>) | undefined;
  /** Stops anything else last (cron, heartbeat, media janitor). */
  extra?: (() => Promise<void>) | undefined;
  /** Budget for the agent and for the outbound drain, each; default 10 s. */
  drainTimeoutMs?: number | undefined;
  exit?: ((code: number) => void) | undefined;
  log?: Logger | undefined;
}

/** A shutdown sequence that runs once. */
export interface Shutdown {
  /** Runs the sequence (idempotent: later calls wait for the first); exits with 0 when done. */
  run(reason: string): Promise<void>;
  /** Hooks SIGTERM and SIGINT; a second signal during shutdown exits at once with 1. Returns an unhook. */
  install(target?: NodeJS.EventEmitter): () => void;
}

/** Creates the shutdown sequence the gateway command installs. */
export function createShutdown(parts: ShutdownParts): Shutdown {
  const log = parts.log ?? createLogger("gateway");
  const exit = parts.exit ?? ((code: number) => process.exit(code));
  const budget = parts.drainTimeoutMs ?? 10_000;
  let running: Promise<void> | undefined;

  const step = async (name: string, work: () => Promise<void> | void) => {
    try {
      await work();
    } catch (error) {
      log.warn("shutdown step failed", { step: name, error: errorMessage(error) });
    }
  };

  const sequence = async (reason: string) => {
    log.info("shutting down", { reason });
    await step("stop inbound", () => {
      parts.manager.stopInbound();
      parts.bus.inbound.close();
    });
    const agentDone = parts.agentDone;
    if (agentDone) await step("agent", () => withTimeout(agentDone(), budget, "agent drain"));
    await step("close bus", () => parts.bus.close());
    await step("drain outbound", () => parts.manager.drain(budget));
    await step("stop channels", () => parts.manager.stop());
    if (parts.server) {
      const server = parts.server;
      await step("stop HTTP server", () => server.stop(true));
    }
    if (parts.extra) await step("stop services", parts.extra);
    log.info("gateway stopped");
    exit(0);
  };

  const shutdown: Shutdown = {
    run(reason) {
      running ??= sequence(reason);
      return running;
    },
    install(target = process) {
      const onSignal = (signal: string) => {
        if (running) {
          log.warn("second signal, exiting now", { signal });
          exit(1);
          return;
        }
        void shutdown.run(signal);
      };
      const onTerm = () => onSignal("SIGTERM");
      const onInt = () => onSignal("SIGINT");
      target.on("SIGTERM", onTerm);
      target.on("SIGINT", onInt);
      return () => {
        target.off("SIGTERM", onTerm);
        target.off("SIGINT", onInt);
      };
    },
  };
  return shutdown;
}

async function withTimeout(work: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

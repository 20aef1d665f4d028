/**
 * The heartbeat: on a timer, if HEARTBEAT.md lists tasks, run one agent turn on the last active chat
 * and deliver its reply unless it is silent ("HEARTBEAT_OK"). An untouched template costs no LLM call.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import { errorMessage } from "../../lib/errors.ts";
import { createLogger } from "../../lib/logger.ts";
import { type ChatTarget, readLastActive } from "./last-active.ts";
import { buildHeartbeatPrompt, HEARTBEAT_TEMPLATE, isSilentHeartbeatReply } from "./prompt.ts";

const log = createLogger("heartbeat");

/** PicoClaw: minimum 5 minutes; 0 means the default of 30. */
const MIN_INTERVAL_MINUTES = 5;
const DEFAULT_INTERVAL_MINUTES = 30;
/** Where the turn runs when no chat was recorded yet (its reply cannot be delivered). */
const FALLBACK_TARGET: ChatTarget = { channel: "cli", chatId: "direct" };

/** Starts a one-shot timer; returns its cancel function. */
export type SetTimer = (callback: () => void, delayMs: number) => () => void;

export interface HeartbeatServiceOptions {
  workspace: string;
  intervalMinutes: number;
  /** Runs one agent turn and returns its final reply. */
  runTurn(prompt: string, target: ChatTarget, signal: AbortSignal): Promise<string>;
  publish(target: ChatTarget, text: string): Promise<void>;
  now?: () => Date;
  setTimer?: SetTimer;
  /** Delay before the first heartbeat (PicoClaw: 1 s). */
  firstDelayMs?: number;
}

/** What one heartbeat did. */
export type HeartbeatOutcome = "idle" | "silent" | "sent" | "undelivered" | "error";

export interface HeartbeatService {
  /** Creates HEARTBEAT.md if missing and schedules the beats; runs until `signal` aborts or `stop`. */
  start(signal: AbortSignal): Promise<void>;
  stop(): void;
  /** Runs one heartbeat now. */
  runOnce(signal?: AbortSignal): Promise<HeartbeatOutcome>;
}

/** The effective interval in minutes. */
export function heartbeatIntervalMinutes(configured: number): number {
  if (configured === 0) return DEFAULT_INTERVAL_MINUTES;
  return Math.max(MIN_INTERVAL_MINUTES, configured);
}

const realSetTimer: SetTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  return () => clearTimeout(timer);
};

/** Creates the heartbeat service. */
export function createHeartbeatService(options: HeartbeatServiceOptions): HeartbeatService {
  const path = join(options.workspace, "HEARTBEAT.md");
  const intervalMs = heartbeatIntervalMinutes(options.intervalMinutes) * 60_000;
  const setTimer = options.setTimer ?? realSetTimer;
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  let cancelTimer: (() => void) | undefined;
  let isRunning = false;

  const ensureTemplate = async (): Promise<string | undefined> => {
    try {
      return await readFile(path, "utf8");
    } catch {
      await writeFileAtomic(path, HEARTBEAT_TEMPLATE, { mode: 0o644 });
      log.info("created HEARTBEAT.md from the template", { path });
      return undefined;
    }
  };

  const runOnce = async (signal: AbortSignal = controller.signal): Promise<HeartbeatOutcome> => {
    try {
      const text = await ensureTemplate();
      const prompt = text === undefined ? "" : buildHeartbeatPrompt(text, now());
      if (prompt === "") return "idle";
      const target = await readLastActive(options.workspace);
      const reply = await options.runTurn(prompt, target ?? FALLBACK_TARGET, signal);
      if (isSilentHeartbeatReply(reply)) return "silent";
      if (!target) {
        log.info("heartbeat reply not sent: no chat recorded yet");
        return "undelivered";
      }
      await options.publish(target, reply);
      return "sent";
    } catch (error) {
      log.warn("heartbeat failed", { error: errorMessage(error) });
      return "error";
    }
  };

  const beat = async () => {
    await runOnce();
    // Re-arm after the turn finishes, so a slow turn never overlaps the next beat.
    if (isRunning) cancelTimer = setTimer(() => void beat(), intervalMs);
  };

  const stop = () => {
    if (!isRunning) return;
    isRunning = false;
    cancelTimer?.();
    controller.abort();
    log.info("heartbeat stopped");
  };

  return {
    async start(signal) {
      if (isRunning) return;
      isRunning = true;
      signal.addEventListener("abort", stop, { once: true });
      await ensureTemplate();
      cancelTimer = setTimer(() => void beat(), options.firstDelayMs ?? 1000);
      log.info("heartbeat started", { intervalMinutes: intervalMs / 60_000 });
    },
    stop,
    runOnce,
  };
}

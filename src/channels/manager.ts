/**
 * Channel manager: the lifecycle of the configured channels. It builds each enabled channel through the
 * registry, wires its inbound path (policy → turn UI → bus), gives each started channel a worker, runs the
 * dispatcher, reports per-channel readiness as health checks, and shuts down in order. Delivery itself
 * lives in dispatch.ts and worker.ts, chat UI state in turn-ui.ts.
 */
import type { MessageBus } from "../bus/bus.ts";
import type { InboundMessage } from "../bus/message.ts";
import { delay } from "../lib/delay.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import type { MediaStore } from "../media/store.ts";
import type { Platform } from "../platform/platform.ts";
import { allowsEveryone } from "./allow-list.ts";
import { acceptsStreaming, type Channel, type ChannelRoute } from "./channel.ts";
import { runDispatcher } from "./dispatch.ts";
import { createInboundPolicy } from "./inbound-policy.ts";
import { Outbox, type OutboxOptions } from "./outbox.ts";
import { channelRate } from "./rate-limit.ts";
import type { BotCommand, ChannelEntry, ChannelRegistry } from "./registry.ts";
import { placeholderConfig, TurnUi, type TurnUiConfig, type TurnUiOptions } from "./turn-ui.ts";
import { ChannelWorker } from "./worker.ts";

/** The longest wait between two starts of a channel that fails to start. */
const MAX_RESTART_DELAY_MS = 5 * 60_000;

/** The part of the health module the manager uses. */
export interface HealthChecks {
  setCheck(name: string, ok: boolean, message?: string): void;
}

/** Everything the manager needs; only `entries`, `registry`, `bus`, `platform` and `dataDir` are required. */
export interface ChannelManagerOptions {
  entries: readonly ChannelEntry[];
  registry: ChannelRegistry;
  bus: MessageBus;
  platform: Platform;
  dataDir: string;
  health?: HealthChecks | undefined;
  /** agents.defaults.split_on_marker */
  splitOnMarker?: boolean | undefined;
  /** Messages per second by channel type, overriding PicoClaw's table. */
  rateLimits?: Readonly<Record<string, number>> | undefined;
  outbox?: Omit<OutboxOptions, "dir"> | undefined;
  turnUi?: TurnUiOptions | undefined;
  /** The gateway's slash commands, handed to channels with a command menu. */
  commands?: readonly BotCommand[] | undefined;
  /** How often undelivered replies are retried for chats without a connection signal. */
  retryIntervalMs?: number | undefined;
  /** First wait before a channel that failed to start is started again (doubling, up to 5 min); 1 s. */
  restartDelayMs?: number | undefined;
  /** Janitor period: readiness refresh, turn-UI TTL sweep, outbox expiry. */
  janitorIntervalMs?: number | undefined;
  retry?: { maxRetries?: number; baseMs?: number; maxMs?: number } | undefined;
  log?: Logger | undefined;
  /** The gateway's media store, handed to channels that receive or serve files. */
  media?: MediaStore | undefined;
  /** `agents.defaults.max_media_size`, handed to channels that download inbound media. */
  maxMediaBytes?: number | undefined;
  /** Called for every inbound message that reached the bus (the heartbeat records the last active chat). */
  onInbound?: ((message: InboundMessage) => void) | undefined;
  /** Sees each accepted inbound message first; false keeps it from the bus (a reflex consumed it). */
  inboundGate?: ((message: InboundMessage) => boolean) | undefined;
}

interface Managed {
  entry: ChannelEntry;
  channel: Channel;
  ui: TurnUiConfig;
  worker?: ChannelWorker;
  running?: Promise<void>;
  ready?: boolean;
}

/** Owns the channels from construction to stop. */
export class ChannelManager {
  readonly outbox: Outbox;
  readonly turnUi: TurnUi;
  readonly #options: ChannelManagerOptions;
  readonly #log: Logger;
  readonly #channels = new Map<string, Managed>();
  readonly #root = new AbortController();
  readonly #workerAbort = new AbortController();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #accepting = true;
  #dispatcher: Promise<void> | undefined;

  constructor(options: ChannelManagerOptions) {
    this.#options = options;
    this.#log = options.log ?? createLogger("channels");
    this.outbox = new Outbox({ ...options.outbox, dir: `${options.dataDir}/outbox` });
    this.turnUi = new TurnUi(options.turnUi);
    for (const entry of options.entries) {
      if (entry.enabled === false) continue;
      this.#create(entry);
    }
  }

  /** Routes every channel mounts on the gateway HTTP server. */
  routes(): ChannelRoute[] {
    return [...this.#channels.values()].flatMap((m) => m.channel.routes?.() ?? []);
  }

  /** The channel with this name, if it was created. */
  channel(name: string): Channel | undefined {
    return this.#channels.get(name)?.channel;
  }

  /** True when the named channel declares the streaming capability (see `acceptsStreaming`). */
  isStreaming(name: string): boolean {
    return acceptsStreaming(this.#channels.get(name)?.channel);
  }

  /** Loads the outbox, starts every channel (in parallel), then the workers and the dispatcher. */
  async start(): Promise<void> {
    await this.outbox.load();
    const managed = [...this.#channels.values()];
    await Promise.all(managed.map((m) => this.#startOne(m)));
    if (managed.length > 0 && managed.every((m) => !m.worker)) {
      throw new Error("failed to start any enabled channel");
    }
    const workers = new Map<string, ChannelWorker>();
    for (const [name, m] of this.#channels) if (m.worker) workers.set(name, m.worker);
    const configured = new Set(this.#options.entries.filter((e) => e.enabled !== false).map((e) => e.name));
    const dispatch = { bus: this.#options.bus, workers, configured, outbox: this.outbox, log: this.#log };
    this.#dispatcher = runDispatcher(dispatch, this.#root.signal);
    for (const worker of workers.values()) worker.requestFlush();
    for (const m of managed) if (!m.worker) void this.#restartLater(m, workers);
    this.#every(this.#options.janitorIntervalMs ?? 5000, () => this.#janitor());
    this.#every(this.#options.retryIntervalMs ?? 30_000, () => {
      for (const worker of workers.values()) worker.requestFlush();
    });
  }

  /** Refuses further inbound messages (first step of shutdown); channels keep delivering replies. */
  stopInbound(): void {
    this.#accepting = false;
  }

  /**
   * Waits for the dispatcher (ends when the bus is closed) and the workers to deliver what is queued.
   * Past `timeoutMs`, waits are cut short and remaining replies go to the outbox instead.
   */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = AbortSignal.timeout(timeoutMs);
    deadline.addEventListener("abort", () => {
      this.#root.abort();
      this.#workerAbort.abort();
    });
    await this.#dispatcher;
    for (const m of this.#channels.values()) m.worker?.close();
    await Promise.all([...this.#channels.values()].map((m) => m.running));
  }

  /** Stops timers, typing indicators and every channel, and waits for outbox writes. Idempotent. */
  async stop(): Promise<void> {
    this.#accepting = false;
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.turnUi.clear();
    this.#root.abort();
    this.#workerAbort.abort();
    for (const m of this.#channels.values()) m.worker?.close();
    await Promise.allSettled([...this.#channels.values()].map((m) => m.channel.stop()));
    await this.outbox.flush();
  }

  #create(entry: ChannelEntry): void {
    const factory = this.#options.registry.get(entry.type);
    const check = `channel:${entry.name}`;
    if (!factory) {
      this.#log.error("unknown channel type", { channel: entry.name, type: entry.type });
      this.#options.health?.setCheck(check, false, `unknown channel type "${entry.type}"`);
      return;
    }
    if (allowsEveryone(entry.allow_from) && !entry.allow_from.includes("*")) {
      this.#log.warn(`SECURITY: channel ${entry.name} allows everyone (allow_from is empty)`);
    }
    const policy = createInboundPolicy(entry.name, entry.allow_from, entry.group_trigger);
    const ui = placeholderConfig(entry.placeholder, entry.typing.enabled);
    try {
      const channel = factory(entry, {
        platform: this.#options.platform,
        log: createLogger(entry.name),
        dataDir: this.#options.dataDir,
        media: this.#options.media,
        maxMediaBytes: this.#options.maxMediaBytes,
        commands: this.#options.commands,
        publish: async (message, facts) => {
          const accepted = this.#accepting ? policy.apply(message, facts) : undefined;
          if (!accepted) return;
          await this.turnUi.onInbound(channel, ui, accepted.context.chatId);
          await this.#publish(accepted);
        },
        chatConnected: (chatId) => this.#channels.get(entry.name)?.worker?.requestFlush(chatId),
      });
      this.#channels.set(entry.name, { entry, channel, ui });
      this.#options.health?.setCheck(check, false, "not started");
    } catch (error) {
      this.#log.error("channel not created", { channel: entry.name, error: errorMessage(error) });
      this.#options.health?.setCheck(check, false, `not created: ${errorMessage(error)}`);
    }
  }

  async #publish(message: InboundMessage): Promise<void> {
    if (this.#options.inboundGate?.(message) === false) return;
    try {
      await this.#options.bus.publishInbound(message, { signal: this.#root.signal });
      this.#options.onInbound?.(message);
    } catch (error) {
      this.#log.warn("inbound message not published", {
        channel: message.context.channel,
        error: errorMessage(error),
      });
    }
  }

  /** Starts one channel and its worker; undefined when its `start` threw (reported in its health check). */
  async #startOne(m: Managed): Promise<ChannelWorker | undefined> {
    const name = m.entry.name;
    try {
      await m.channel.start(this.#root.signal);
    } catch (error) {
      this.#log.error("channel failed to start", { channel: name, error: errorMessage(error) });
      this.#options.health?.setCheck(`channel:${name}`, false, `start failed: ${errorMessage(error)}`);
      return undefined;
    }
    const worker = new ChannelWorker({
      channel: m.channel,
      outbox: this.outbox,
      turnUi: this.turnUi,
      rate: channelRate(m.entry, this.#options.rateLimits),
      splitOnMarker: this.#options.splitOnMarker,
      retry: this.#options.retry,
      log: this.#log,
    });
    m.worker = worker;
    m.running = worker.run(this.#workerAbort.signal);
    this.#log.info("channel started", { channel: name, type: m.entry.type });
    this.#refreshReadiness(m);
    return worker;
  }

  /**
   * Starts a channel whose start failed (a port still held by a process that is exiting, a platform that
   * was down) again, waiting 1 s, 2 s, 4 s ... up to 5 min between tries, until it runs or the manager
   * stops. Its replies wait in the outbox meanwhile and are delivered once its worker runs.
   */
  async #restartLater(m: Managed, workers: Map<string, ChannelWorker>): Promise<void> {
    let wait = this.#options.restartDelayMs ?? 1000;
    for (;;) {
      try {
        await delay(wait, this.#root.signal);
      } catch {
        return;
      }
      wait = Math.min(wait * 2, MAX_RESTART_DELAY_MS);
      const worker = await this.#startOne(m);
      if (!worker) continue;
      if (this.#root.signal.aborted) {
        // The manager stopped while this start was under way: stop what it opened.
        worker.close();
        await m.channel.stop().catch(() => {});
        return;
      }
      workers.set(m.entry.name, worker);
      worker.requestFlush();
      return;
    }
  }

  #refreshReadiness(m: Managed): void {
    if (!m.worker) return;
    const ready = m.channel.isReady();
    if (ready === m.ready) return;
    m.ready = ready;
    this.#options.health?.setCheck(`channel:${m.entry.name}`, ready, ready ? undefined : "not connected");
  }

  #janitor(): void {
    for (const m of this.#channels.values()) this.#refreshReadiness(m);
    this.turnUi.sweep();
    void this.outbox.expire();
  }

  #every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref?.();
    this.#timers.push(timer);
  }
}

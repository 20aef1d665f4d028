/**
 * The offline queue's store: inbound messages kept while no model can be reached, one JSON file per
 * message (written with writeFileAtomic: temp file, fsync, rename, directory fsync), so a crash or a
 * SIGKILL keeps every message that was acknowledged as kept and never leaves half a file. Bounded by
 * count and bytes; a message that does not fit is refused (the caller tells the sender), never evicted.
 */
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { InboundMessage } from "../../bus/message.ts";
import { writeFileAtomic } from "../../lib/atomic-write.ts";
import { errorMessage } from "../../lib/errors.ts";
import { createLogger, type Logger } from "../../lib/logger.ts";
import { parseQueuedRecord } from "./queued-record.ts";

/** One kept message. `seq` is its arrival order across restarts. */
export interface QueuedMessage {
  readonly seq: number;
  /** The session it belongs to (resolved when it arrived). */
  readonly key: string;
  readonly receivedAt: number;
  readonly message: InboundMessage;
  /** The turn that found no model reachable already wrote the message to the session history. */
  readonly recorded: boolean;
  readonly bytes: number;
}

/** Why a message was not kept. */
export type KeepRefusal = "full" | "too_large" | "write_failed";

/** Limits and I/O of the store. */
export interface OfflineQueueOptions {
  dir: string;
  maxMessages: number;
  maxBytes: number;
  now?: (() => number) | undefined;
  log?: Logger | undefined;
  /** Injectable for crash tests; default writeFileAtomic. */
  write?: ((path: string, data: string) => Promise<void>) | undefined;
}

const NOTIFIED_FILE = "notified.json";

/** Durable FIFO of kept messages. Call `load()` once before use. */
export class OfflineQueue {
  readonly #options: OfflineQueueOptions;
  readonly #log: Logger;
  readonly #write: (path: string, data: string) => Promise<void>;
  readonly #entries: QueuedMessage[] = [];
  /** Chats told "will answer later" in this outage (`channel\0chatId`), kept on disk too. */
  #notified = new Set<string>();
  #bytes = 0;
  #nextSeq = 1;

  constructor(options: OfflineQueueOptions) {
    this.#options = options;
    this.#log = options.log ?? createLogger("offline-queue");
    this.#write = options.write ?? ((path, data) => writeFileAtomic(path, data));
  }

  get size(): number {
    return this.#entries.length;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Reads what a previous run kept, in arrival order; removes leftover temp files and unreadable files. */
  async load(): Promise<void> {
    const dir = this.#options.dir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of (await readdir(dir)).sort()) {
      const file = join(dir, name);
      if (name.endsWith(".tmp")) {
        await unlinkQuietly(file);
        continue;
      }
      if (name === NOTIFIED_FILE) {
        this.#notified = await readNotified(file);
        continue;
      }
      if (!name.endsWith(".json")) continue;
      try {
        const text = await readFile(file, "utf8");
        const record = parseQueuedRecord(JSON.parse(text));
        if (!record) throw new Error("not an offline queue record");
        this.#entries.push({ ...record, bytes: Buffer.byteLength(text) });
        this.#bytes += Buffer.byteLength(text);
      } catch (error) {
        this.#log.error("offline queue file unreadable, moved aside", {
          file: name,
          error: errorMessage(error),
        });
        await this.#write(`${file}.bad`, await readFile(file, "utf8").catch(() => ""));
        await unlinkQuietly(file);
      }
    }
    this.#entries.sort((a, b) => a.seq - b.seq);
    this.#nextSeq = (this.#entries.at(-1)?.seq ?? 0) + 1;
    if (this.#entries.length > 0) {
      this.#log.info("offline queue loaded", { messages: this.#entries.length, bytes: this.#bytes });
    }
  }

  /** Keeps a message durably; resolves once it is on disk, or with the reason it was refused. */
  async add(
    key: string,
    message: InboundMessage,
    recorded = false,
  ): Promise<{ ok: true; entry: QueuedMessage } | { ok: false; reason: KeepRefusal }> {
    const seq = this.#nextSeq;
    const record = { v: 1, seq, key, receivedAt: (this.#options.now ?? Date.now)(), recorded, message };
    const text = JSON.stringify(record);
    const bytes = Buffer.byteLength(text);
    if (bytes > this.#options.maxBytes) return { ok: false, reason: "too_large" };
    if (this.#entries.length >= this.#options.maxMessages || this.#bytes + bytes > this.#options.maxBytes) {
      return { ok: false, reason: "full" };
    }
    this.#nextSeq++;
    // Counted before the write so concurrent adds cannot overshoot the bounds together.
    this.#bytes += bytes;
    const entry: QueuedMessage = { seq, key, receivedAt: record.receivedAt, recorded, message, bytes };
    try {
      await this.#write(this.#file(seq), text);
    } catch (error) {
      this.#bytes -= bytes;
      this.#log.error("offline queue write failed; message not kept", { key, error: errorMessage(error) });
      return { ok: false, reason: "write_failed" };
    }
    this.#entries.push(entry);
    this.#entries.sort((a, b) => a.seq - b.seq);
    return { ok: true, entry };
  }

  /** The oldest kept message, or undefined. */
  first(): QueuedMessage | undefined {
    return this.#entries[0];
  }

  /** True when session `key` has kept messages (a new one must wait behind them). */
  holds(key: string): boolean {
    return this.#entries.some((e) => e.key === key);
  }

  /** Deletes a message after its reply was published. */
  async remove(entry: QueuedMessage): Promise<void> {
    const index = this.#entries.indexOf(entry);
    if (index < 0) return;
    this.#entries.splice(index, 1);
    this.#bytes -= entry.bytes;
    await unlinkQuietly(this.#file(entry.seq));
  }

  /** Records that a chat was told; false when it already was in this outage. */
  async markNotified(channel: string, chatId: string): Promise<boolean> {
    const id = `${channel}\u0000${chatId}`;
    if (this.#notified.has(id)) return false;
    this.#notified.add(id);
    await this.#saveNotified();
    return true;
  }

  /** Ends the outage: every chat may be told again next time. */
  async clearNotified(): Promise<void> {
    if (this.#notified.size === 0) return;
    this.#notified.clear();
    await this.#saveNotified();
  }

  #file(seq: number): string {
    return join(this.#options.dir, `${String(seq).padStart(12, "0")}.json`);
  }

  async #saveNotified(): Promise<void> {
    const file = join(this.#options.dir, NOTIFIED_FILE);
    await this.#write(file, JSON.stringify([...this.#notified])).catch((error: unknown) =>
      this.#log.warn("could not save the notified chats", { error: errorMessage(error) }),
    );
  }
}

async function readNotified(file: string): Promise<Set<string>> {
  try {
    const value: unknown = JSON.parse(await readFile(file, "utf8"));
    return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

async function unlinkQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * The outbox: replies that could not be delivered yet, kept on disk (one JSON file per entry, written
 * atomically with fsync) until their chat is reachable again, also across restarts. Bounded by count and
 * bytes (the oldest is evicted with a log line); entries expire after `maxAgeMs`. Nothing leaves it
 * silently: every eviction and expiry is logged, and an entry is deleted only after a confirmed send.
 */

import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { OutboundMediaMessage, OutboundMessage } from "../bus/message.ts";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import { parseOutboxRecord } from "./outbox-record.ts";

/** What waits in the outbox: a text reply (one chunk) or a media message. */
export type OutboxPayload =
  | { kind: "text"; message: OutboundMessage }
  | { kind: "media"; message: OutboundMediaMessage };

/** One waiting delivery. `id` is the outbound message id, unique per channel. */
export interface OutboxEntry {
  readonly id: string;
  readonly channel: string;
  readonly chatId: string;
  readonly createdAt: number;
  readonly bytes: number;
  readonly payload: OutboxPayload;
}

/** Limits and I/O of an outbox. */
export interface OutboxOptions {
  /** Folder for entry files, e.g. `<dataDir>/outbox`. */
  dir: string;
  maxEntries?: number | undefined;
  maxBytes?: number | undefined;
  /** Entries older than this are dropped with a log line; default 24 h. */
  maxAgeMs?: number | undefined;
  now?: (() => number) | undefined;
  log?: Logger | undefined;
}

interface Slot {
  entry: OutboxEntry;
  file: string;
  inFlight: boolean;
  written: Promise<void>;
}

/** Persistent, bounded store of undelivered replies. Call `load()` once before use. */
export class Outbox {
  readonly #dir: string;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #log: Logger;
  /** Insertion order is age order (entries are added with increasing createdAt; load sorts). */
  readonly #slots = new Map<string, Slot>();
  readonly #writes = new Set<Promise<void>>();
  #bytes = 0;

  constructor(options: OutboxOptions) {
    this.#dir = options.dir;
    this.#maxEntries = options.maxEntries ?? 256;
    this.#maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
    this.#maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? createLogger("outbox");
  }

  get size(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Reads the entries left by a previous run (unreadable files are logged and removed). */
  async load(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const names = (await readdir(this.#dir)).filter((name) => name.endsWith(".json")).sort();
    const loaded: Slot[] = [];
    for (const name of names) {
      const file = join(this.#dir, name);
      try {
        const text = await readFile(file, "utf8");
        const record = parseOutboxRecord(JSON.parse(text));
        if (!record) throw new Error("not an outbox record");
        const entry: OutboxEntry = { ...record, bytes: Buffer.byteLength(text) };
        loaded.push({ entry, file, inFlight: false, written: Promise.resolve() });
      } catch (error) {
        this.#log.warn("outbox file unreadable, removed", { file: name, error: errorMessage(error) });
        await unlinkQuietly(file);
      }
    }
    loaded.sort((a, b) => a.entry.createdAt - b.entry.createdAt);
    for (const slot of loaded) this.#insert(slot);
    for (const name of (await readdir(this.#dir)).filter((n) => n.endsWith(".tmp"))) {
      await unlinkQuietly(join(this.#dir, name));
    }
    if (loaded.length > 0) this.#log.info("outbox loaded", { entries: loaded.length, bytes: this.#bytes });
    await this.expire();
    await this.#enforceLimits();
  }

  /** Stores a delivery; a second add of the same channel and id is ignored (it already waits). */
  async add(channel: string, payload: OutboxPayload): Promise<OutboxEntry> {
    const id = payload.message.id ?? crypto.randomUUID();
    const existing = this.#slots.get(slotKey(channel, id));
    if (existing) return existing.entry;
    const stored: OutboxPayload =
      payload.kind === "text"
        ? { kind: "text", message: { ...payload.message, id } }
        : { kind: "media", message: { ...payload.message, id } };
    const chatId = payload.message.context.chatId;
    const record = { v: 1, id, channel, chatId, createdAt: this.#now(), payload: stored };
    const text = JSON.stringify(record);
    const entry: OutboxEntry = { ...record, bytes: Buffer.byteLength(text) };
    const file = join(
      this.#dir,
      `${String(entry.createdAt).padStart(15, "0")}-${fileHash(channel, id)}.json`,
    );
    const written = this.#track(writeFileAtomic(file, text));
    this.#insert({ entry, file, inFlight: false, written });
    this.#log.info("reply kept in outbox", { channel, chatId: entry.chatId, id, entries: this.#slots.size });
    await written;
    await this.#enforceLimits();
    return entry;
  }

  /** Waiting entries of one chat, oldest first, including those in flight. */
  entriesFor(channel: string, chatId: string): OutboxEntry[] {
    return [...this.#slots.values()]
      .filter((s) => s.entry.channel === channel && s.entry.chatId === chatId)
      .map((s) => s.entry);
  }

  /** True when the chat has anything waiting. */
  has(channel: string, chatId: string): boolean {
    for (const slot of this.#slots.values()) {
      if (slot.entry.channel === channel && slot.entry.chatId === chatId) return true;
    }
    return false;
  }

  /** Chats of a channel with waiting entries. */
  chats(channel: string): string[] {
    const chats = new Set<string>();
    for (const slot of this.#slots.values()) if (slot.entry.channel === channel) chats.add(slot.entry.chatId);
    return [...chats];
  }

  /** Marks an entry as being sent; false when it is already in flight or gone (so it is sent once). */
  claim(entry: OutboxEntry): boolean {
    const slot = this.#slots.get(slotKey(entry.channel, entry.id));
    if (!slot || slot.inFlight) return false;
    slot.inFlight = true;
    return true;
  }

  /** Returns a claimed entry after a failed send; it waits for the next chance. */
  release(entry: OutboxEntry): void {
    const slot = this.#slots.get(slotKey(entry.channel, entry.id));
    if (slot) slot.inFlight = false;
  }

  /** Deletes an entry after its send was confirmed. */
  async remove(entry: OutboxEntry): Promise<void> {
    const slot = this.#slots.get(slotKey(entry.channel, entry.id));
    if (slot) await this.#drop(slot);
  }

  /** Drops entries older than maxAgeMs, each with a log line. Returns how many. */
  async expire(): Promise<number> {
    const cutoff = this.#now() - this.#maxAgeMs;
    const old = [...this.#slots.values()].filter((s) => !s.inFlight && s.entry.createdAt < cutoff);
    for (const slot of old) {
      const { channel, chatId, id, createdAt } = slot.entry;
      this.#log.warn("outbox entry expired undelivered", {
        channel,
        chatId,
        id,
        ageMs: this.#now() - createdAt,
      });
      await this.#drop(slot);
    }
    return old.length;
  }

  /** Resolves when every pending write has reached the disk. */
  async flush(): Promise<void> {
    while (this.#writes.size > 0) await Promise.allSettled([...this.#writes]);
  }

  #insert(slot: Slot): void {
    this.#slots.set(slotKey(slot.entry.channel, slot.entry.id), slot);
    this.#bytes += slot.entry.bytes;
  }

  async #drop(slot: Slot): Promise<void> {
    const key = slotKey(slot.entry.channel, slot.entry.id);
    if (this.#slots.get(key) !== slot) return;
    this.#slots.delete(key);
    this.#bytes -= slot.entry.bytes;
    await slot.written.catch(() => {});
    await this.#track(unlinkQuietly(slot.file));
  }

  async #enforceLimits(): Promise<void> {
    for (const slot of [...this.#slots.values()]) {
      if (this.#slots.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) return;
      if (slot.inFlight) continue;
      const { channel, chatId, id } = slot.entry;
      this.#log.warn("outbox full, oldest entry evicted undelivered", { channel, chatId, id });
      await this.#drop(slot);
    }
  }

  #track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.#log.error("outbox write failed", { error: errorMessage(error) });
    });
    this.#writes.add(tracked);
    void tracked.finally(() => this.#writes.delete(tracked));
    return tracked;
  }
}

function slotKey(channel: string, id: string): string {
  return `${channel}\u0000${id}`;
}

function fileHash(channel: string, id: string): string {
  return createHash("sha256").update(slotKey(channel, id)).digest("hex").slice(0, 24);
}

async function unlinkQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * Persists the getUpdates offset so a restart resumes after the last update handed to the bus instead of
 * re-reading what Telegram still holds (up to 24 h). The offset belongs to one bot: another token's file
 * is ignored.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Loads and saves one bot's offset. */
export interface OffsetStore {
  /** The saved offset for `botId`, or 0 when there is none (Telegram then starts at the oldest update). */
  load(botId: number): Promise<number>;
  save(botId: number, offset: number): Promise<void>;
}

/** A store backed by one small JSON file, replaced atomically on each save. */
export function createOffsetStore(path: string): OffsetStore {
  return {
    async load(botId) {
      try {
        const raw: unknown = JSON.parse(await readFile(path, "utf8"));
        if (typeof raw !== "object" || raw === null) return 0;
        const record = raw as Record<string, unknown>;
        const offset = record["offset"];
        if (record["bot_id"] !== botId || typeof offset !== "number" || !Number.isInteger(offset)) return 0;
        return offset;
      } catch {
        return 0;
      }
    },
    async save(botId, offset) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp`;
      await writeFile(tmp, `${JSON.stringify({ bot_id: botId, offset })}\n`);
      await rename(tmp, path);
    },
  };
}

/** An in-memory store (tests, or no data folder). */
export function createMemoryOffsetStore(): OffsetStore {
  const offsets = new Map<number, number>();
  return {
    load: async (botId) => offsets.get(botId) ?? 0,
    save: async (botId, offset) => {
      offsets.set(botId, offset);
    },
  };
}

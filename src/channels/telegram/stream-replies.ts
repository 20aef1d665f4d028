/**
 * Streamed replies on Telegram, shown by editing: the first `stream` chunk is sent as a message, later
 * chunks edit that message as the text grows (throttled: at most one edit per `throttleMs`, and only
 * after `minGrowthChars` more characters), and the `stream_end` pieces (the worker splits the final text
 * at the length limit, ids `<reply>`, `<reply>#1`, ...) are the last edits, formatted. Text past the
 * limit goes on in a new message, split the same way as the final reply so the pieces line up.
 */
import type { OutboundMessage } from "../../bus/message.ts";
import type { SentIds } from "../channel.ts";
import { splitMessage } from "../split-message.ts";

/** How the streams reach Telegram. */
export interface StreamReplyIo {
  /** sendMessage; resolves with the new message id. `final` = formatted. */
  create(text: string, final: boolean): Promise<string>;
  /** editMessageText on an earlier message. */
  edit(messageId: string, text: string, final: boolean): Promise<void>;
}

export interface StreamRepliesOptions {
  maxLength: number;
  throttleMs: number;
  minGrowthChars: number;
  now?: (() => number) | undefined;
}

export interface StreamReplies {
  /** Handles a `stream` or `stream_end` message; undefined when a `stream_end` has no stream to finish. */
  handle(message: OutboundMessage, io: StreamReplyIo): Promise<SentIds | undefined>;
}

interface StreamState {
  ids: string[];
  texts: string[];
  length: number;
  lastAt: number;
}

/** Replies remembered at once; older ones are forgotten (their final piece is sent as a new message). */
const MAX_STREAMS = 64;

export function createStreamReplies(options: StreamRepliesOptions): StreamReplies {
  const now = options.now ?? Date.now;
  const streams = new Map<string, StreamState>();

  const remember = (id: string, state: StreamState) => {
    streams.delete(id);
    streams.set(id, state);
    for (const old of streams.keys()) {
      if (streams.size <= MAX_STREAMS) break;
      streams.delete(old);
    }
  };

  const chunk = async (id: string, content: string, io: StreamReplyIo): Promise<SentIds> => {
    const state = streams.get(id) ?? { ids: [], texts: [], length: 0, lastAt: 0 };
    const pieces = splitMessage(content, options.maxLength);
    const needsNew = pieces.length > state.ids.length;
    const isEarly = now() - state.lastAt < options.throttleMs;
    const isSmall = content.length - state.length < options.minGrowthChars;
    if (state.ids.length > 0 && !needsNew && (isEarly || isSmall)) return [];
    for (const [index, piece] of pieces.entries()) {
      const messageId = state.ids[index];
      if (messageId === undefined) {
        state.ids.push(await io.create(piece, false));
        state.texts.push(piece);
      } else if (state.texts[index] !== piece) {
        await io.edit(messageId, piece, false);
        state.texts[index] = piece;
      }
    }
    state.length = content.length;
    state.lastAt = now();
    remember(id, state);
    return [...state.ids];
  };

  const finish = async (message: OutboundMessage, io: StreamReplyIo): Promise<SentIds | undefined> => {
    const match = /^(.*)#(\d+)$/.exec(message.id ?? "");
    const id = match?.[1] ?? message.id ?? "";
    const index = match ? Number(match[2]) : 0;
    const state = streams.get(id);
    if (!state) return undefined;
    const messageId = state.ids[index];
    if (messageId === undefined) {
      const created = await io.create(message.content, true);
      state.ids[index] = created;
      state.texts[index] = message.content;
      return [created];
    }
    await io.edit(messageId, message.content, true);
    state.texts[index] = message.content;
    return [messageId];
  };

  return {
    async handle(message, io) {
      if (message.kind === "stream") return message.id ? chunk(message.id, message.content, io) : [];
      return finish(message, io);
    },
  };
}

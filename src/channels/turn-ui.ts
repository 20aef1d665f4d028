/**
 * Turn UI: the typing indicator and "Thinking..." placeholder a chat sees while the agent works. Its one
 * Map (keyed by ChatKey) is the only owner of that state: entries are created on inbound, consumed by the
 * reply (the placeholder is edited into it when the channel can edit), and swept after a TTL
 * (placeholder 10 min, typing 5 min, as PicoClaw's janitor) so a turn that never replies leaks nothing.
 */
import type { OutboundMessage } from "../bus/message.ts";
import { errorMessage } from "../lib/errors.ts";
import { createLogger, type Logger } from "../lib/logger.ts";
import type { Channel, SentIds, StopTyping } from "./channel.ts";

/** `channel:chatId`, branded so a raw string cannot be used by mistake. */
export type ChatKey = string & { readonly __brand: "ChatKey" };

/** The key of one chat of one channel. */
export function chatKey(channel: string, chatId: string): ChatKey {
  return `${channel}:${chatId}` as ChatKey;
}

/** Per-channel switches (from the channel entry's `typing` and `placeholder`). */
export interface TurnUiConfig {
  typing: boolean;
  placeholder: boolean;
  /** Placeholder texts; one is picked at random. */
  placeholderTexts: readonly string[];
}

/** A channel's `placeholder` settings as one TurnUiConfig: the text (one or a list) defaults to "Thinking...". */
export function placeholderConfig(
  placeholder: { enabled?: boolean | undefined; text?: string | readonly string[] | undefined },
  typing = false,
): TurnUiConfig {
  const texts = [placeholder.text ?? "Thinking..."].flat().filter((t) => t.trim() !== "");
  return {
    typing,
    placeholder: placeholder.enabled === true,
    placeholderTexts: texts.length > 0 ? texts : ["Thinking..."],
  };
}

interface ChatTurnState {
  typing?: { stop: StopTyping; at: number } | undefined;
  placeholder?: { id: string; at: number } | undefined;
}

/** Timers and clock of the turn UI. */
export interface TurnUiOptions {
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
  placeholderTtlMs?: number | undefined;
  typingTtlMs?: number | undefined;
  log?: Logger | undefined;
}

/** Kinds that end a turn: the typing indicator stops once they are delivered (or parked). */
export function endsTurn(message: OutboundMessage): boolean {
  return message.kind === undefined || message.kind === "final" || message.kind === "stream_end";
}

/** Owns typing and placeholder state for every chat. */
export class TurnUi {
  readonly #chats = new Map<ChatKey, ChatTurnState>();
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #placeholderTtlMs: number;
  readonly #typingTtlMs: number;
  readonly #log: Logger;

  constructor(options: TurnUiOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#placeholderTtlMs = options.placeholderTtlMs ?? 10 * 60_000;
    this.#typingTtlMs = options.typingTtlMs ?? 5 * 60_000;
    this.#log = options.log ?? createLogger("turn-ui");
  }

  /** Number of chats with live state (for tests and stats). */
  get size(): number {
    return this.#chats.size;
  }

  /** Starts typing and sends a placeholder for an accepted inbound message. Never throws. */
  async onInbound(channel: Channel, config: TurnUiConfig, chatId: string): Promise<void> {
    const key = chatKey(channel.name, chatId);
    const state = this.#chats.get(key) ?? {};
    this.#chats.set(key, state);
    if (config.typing && channel.startTyping && !state.typing) {
      try {
        state.typing = { stop: await channel.startTyping(chatId), at: this.#now() };
      } catch (error) {
        this.#log.debug("typing failed", { channel: channel.name, chatId, error: errorMessage(error) });
      }
    }
    const texts = config.placeholderTexts;
    if (
      config.placeholder &&
      channel.sendPlaceholder &&
      channel.editMessage &&
      !state.placeholder &&
      texts.length
    ) {
      const text = texts[Math.floor(this.#random() * texts.length)] ?? "Thinking...";
      try {
        const id = await channel.sendPlaceholder(chatId, text);
        if (id) state.placeholder = { id, at: this.#now() };
      } catch (error) {
        this.#log.debug("placeholder failed", { channel: channel.name, chatId, error: errorMessage(error) });
      }
    }
    this.#forgetIfEmpty(key, state);
  }

  /**
   * Delivers a final reply by editing the chat's placeholder into it. Returns the ids when it did,
   * undefined when the caller must send normally (no placeholder, not a final reply, or the edit failed).
   * A stream end deletes the placeholder instead, since the stream drew its own message.
   */
  async deliverViaPlaceholder(channel: Channel, message: OutboundMessage): Promise<SentIds | undefined> {
    if (!endsTurn(message)) return undefined;
    const key = chatKey(channel.name, message.context.chatId);
    const state = this.#chats.get(key);
    const placeholder = state?.placeholder;
    if (!state || !placeholder) return undefined;
    state.placeholder = undefined;
    this.#forgetIfEmpty(key, state);
    try {
      if (message.kind === "stream_end") {
        await channel.deleteMessage?.(message.context.chatId, placeholder.id);
        return undefined;
      }
      if (!channel.editMessage) return undefined;
      await channel.editMessage(message.context.chatId, placeholder.id, message.content, message);
      return [placeholder.id];
    } catch (error) {
      this.#log.debug("placeholder edit failed", { channel: channel.name, error: errorMessage(error) });
      return undefined;
    }
  }

  /** Stops typing once a turn-ending reply was delivered or parked. */
  afterReply(channel: Channel, message: OutboundMessage): void {
    if (endsTurn(message)) this.stopTyping(channel.name, message.context.chatId);
  }

  /** Stops the chat's typing indicator, if any. Idempotent. */
  stopTyping(channel: string, chatId: string): void {
    const key = chatKey(channel, chatId);
    const state = this.#chats.get(key);
    if (!state?.typing) return;
    const { stop } = state.typing;
    state.typing = undefined;
    this.#forgetIfEmpty(key, state);
    safeStop(stop);
  }

  /** Drops state older than its TTL (stopping stale typing). Returns how many items were swept. */
  sweep(): number {
    const now = this.#now();
    let swept = 0;
    for (const [key, state] of this.#chats) {
      if (state.typing && now - state.typing.at > this.#typingTtlMs) {
        safeStop(state.typing.stop);
        state.typing = undefined;
        swept++;
      }
      if (state.placeholder && now - state.placeholder.at > this.#placeholderTtlMs) {
        state.placeholder = undefined;
        swept++;
      }
      this.#forgetIfEmpty(key, state);
    }
    return swept;
  }

  /** Stops every typing indicator and forgets all state (shutdown). */
  clear(): void {
    for (const state of this.#chats.values()) if (state.typing) safeStop(state.typing.stop);
    this.#chats.clear();
  }

  #forgetIfEmpty(key: ChatKey, state: ChatTurnState): void {
    if (!state.typing && !state.placeholder) this.#chats.delete(key);
  }
}

function safeStop(stop: StopTyping): void {
  try {
    stop();
  } catch {
    // A stop that throws has nothing left to stop.
  }
}

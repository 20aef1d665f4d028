/**
 * An in-memory Channel for manager/worker tests: records every call, lets a test script failures per
 * send, toggle per-chat connectivity, and hold sends open to simulate a slow platform.
 */
import type { OutboundMessage } from "../../src/bus/message.ts";
import type { Channel, ChannelDeps, SentIds } from "../../src/channels/channel.ts";

/** One recorded call. */
export type ChannelCall =
  | { op: "send"; chatId: string; content: string; id?: string | undefined }
  | { op: "typing.start" | "typing.stop"; chatId: string }
  | { op: "placeholder"; chatId: string; text: string; id: string }
  | { op: "edit"; chatId: string; messageId: string; text: string }
  | { op: "delete"; chatId: string; messageId: string };

/** A scriptable channel. */
export class RecordingChannel implements Channel {
  readonly type: string;
  readonly name: string;
  maxMessageLength = 0;
  /** The streaming capability (Channel.streaming); off unless a test turns it on. */
  streaming = false;
  readonly calls: ChannelCall[] = [];
  /** Errors thrown by the next starts, in order. */
  readonly startFailures: Error[] = [];
  /** When set, each start waits for this promise first. */
  startGate: Promise<void> | undefined;
  starts = 0;
  stops = 0;
  /** Errors thrown by the next sends, in order. */
  readonly failures: Error[] = [];
  /** Chats reported as disconnected. */
  readonly offline = new Set<string>();
  /** When set, each send waits for this promise. */
  gate: Promise<void> | undefined;
  ready = true;
  deps: ChannelDeps | undefined;
  #sent = 0;
  #listeners: (() => void)[] = [];

  constructor(name = "fake", type = name) {
    this.name = name;
    this.type = type;
  }

  async start(): Promise<void> {
    this.starts++;
    this.#notify();
    if (this.startGate) await this.startGate;
    const failure = this.startFailures.shift();
    if (failure) throw failure;
  }
  async stop(): Promise<void> {
    this.stops++;
    this.#notify();
  }
  isReady(): boolean {
    return this.ready;
  }

  isChatConnected(chatId: string): boolean {
    return !this.offline.has(chatId);
  }

  async send(message: OutboundMessage): Promise<SentIds> {
    if (this.gate) await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.#record({ op: "send", chatId: message.context.chatId, content: message.content, id: message.id });
    return [`sent-${++this.#sent}`];
  }

  async startTyping(chatId: string) {
    this.#record({ op: "typing.start", chatId });
    return () => this.#record({ op: "typing.stop", chatId });
  }

  async sendPlaceholder(chatId: string, text: string): Promise<string> {
    const id = `ph-${this.calls.length}`;
    this.#record({ op: "placeholder", chatId, text, id });
    return id;
  }

  async editMessage(chatId: string, messageId: string, text: string): Promise<void> {
    this.#record({ op: "edit", chatId, messageId, text });
  }

  async deleteMessage(chatId: string, messageId: string): Promise<void> {
    this.#record({ op: "delete", chatId, messageId });
  }

  /** Sent contents, in order. */
  sentContents(): string[] {
    return this.calls.flatMap((c) => (c.op === "send" ? [c.content] : []));
  }

  /** Resolves once `count` calls are recorded. */
  waitForCalls(count: number, timeoutMs = 3000): Promise<void> {
    return this.waitUntil(
      () => this.calls.length >= count,
      () => `only ${this.calls.length} calls: ${JSON.stringify(this.calls)}`,
      timeoutMs,
    );
  }

  /** Resolves once `done()` holds, checked after every call, start and stop. */
  waitUntil(done: () => boolean, describe: () => string, timeoutMs = 3000): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(describe())), timeoutMs);
      const listener = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.#listeners = this.#listeners.filter((l) => l !== listener);
        resolve();
      };
      this.#listeners.push(listener);
    });
  }

  #record(call: ChannelCall): void {
    this.calls.push(call);
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
